//! The HTTP/1.1 server (hyper on a small tokio runtime) that carries the emulated API.

use std::convert::Infallible;
use std::sync::{Arc, Mutex};

use bytes::Bytes;
use http_body_util::{BodyExt, Full, Limited};
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Request, Response};
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::net::TcpListener;
use tokio::sync::watch;

use super::routes::{self, Answer, ApiRequest};
use super::state::State;
use super::{admin, EmulatorOptions};

/// The API's path prefix, as on the real hosts.
pub(crate) const BASE_PATH: &str = "/services/v2/";

/// The largest request body the emulator reads.
const MAX_REQUEST_BYTES: usize = 1024 * 1024;

/// Everything the connection tasks share.
pub(crate) struct Shared {
    pub options: EmulatorOptions,
    pub state: Mutex<State>,
}

impl Shared {
    pub(crate) fn state(&self) -> std::sync::MutexGuard<'_, State> {
        // A panic elsewhere must not wedge the emulator for the other tests.
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }
}

/// Accepts connections until `shutdown` turns true.
pub(crate) async fn serve(
    listener: TcpListener,
    shared: Arc<Shared>,
    mut shutdown: watch::Receiver<bool>,
) {
    loop {
        let accepted = tokio::select! {
            accepted = listener.accept() => accepted,
            _ = shutdown.changed() => return,
        };
        let Ok((stream, _)) = accepted else { continue };
        let _ = stream.set_nodelay(true);
        let shared = Arc::clone(&shared);
        tokio::spawn(async move {
            let service = service_fn(move |req| respond(Arc::clone(&shared), req));
            let _ = http1::Builder::new()
                .timer(TokioTimer::new())
                .keep_alive(true)
                .serve_connection(TokioIo::new(stream), service)
                .await;
        });
    }
}

async fn respond(
    shared: Arc<Shared>,
    req: Request<Incoming>,
) -> Result<Response<Full<Bytes>>, Infallible> {
    let (parts, body) = req.into_parts();
    let body = match Limited::new(body, MAX_REQUEST_BYTES).collect().await {
        Ok(collected) => collected.to_bytes(),
        Err(_) => {
            let answer = Answer::error(413, "request_too_large", "The request body is too large.");
            return Ok(to_response(answer));
        }
    };
    let method = parts.method.as_str();
    let query = parts.uri.query().unwrap_or("");
    let Some(route) = parts.uri.path().strip_prefix(BASE_PATH) else {
        let answer = Answer::error(404, "not_found|route", "The endpoint does not exist.");
        return Ok(to_response(answer));
    };

    if let Some(control) = route.strip_prefix(admin::PREFIX) {
        let answer = admin::handle(&mut shared.state(), method, control, &body);
        return Ok(to_response(answer));
    }

    let api_key = parts
        .headers
        .get("x-dc-devkey")
        .and_then(|v| v.to_str().ok());
    let request = ApiRequest {
        method,
        route,
        query,
        api_key,
        body: &body,
    };
    let answer = routes::handle(&mut shared.state(), &shared.options, &request);
    if !shared.options.latency.is_zero() {
        tokio::time::sleep(shared.options.latency).await;
    }
    Ok(to_response(answer))
}

fn to_response(answer: Answer) -> Response<Full<Bytes>> {
    let mut builder = Response::builder().status(answer.status);
    for (name, value) in &answer.headers {
        builder = builder.header(*name, value);
    }
    builder
        .body(Full::new(Bytes::from(answer.body)))
        .unwrap_or_else(|_| Response::new(Full::new(Bytes::new())))
}
