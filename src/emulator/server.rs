//! The HTTP/1.1 server (hyper on a small tokio runtime) that carries the emulated API, and where
//! rate limits and scripted faults are applied.

use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use bytes::Bytes;
use http_body_util::{BodyExt, Either, Full, Limited};
use hyper::body::{Body, Frame, Incoming, SizeHint};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Request, Response};
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::net::TcpListener;
use tokio::sync::watch;
use tokio_rustls::rustls::server::{Acceptor, ServerConfig};
use tokio_rustls::LazyConfigAcceptor;

use super::admin;
use super::faults::{default_body, kept, FaultAction};
use super::routes::{self, Answer, ApiRequest};
use super::state::State;

/// The API's path prefix, as on the real hosts.
pub(crate) const BASE_PATH: &str = "/services/v2/";

/// The largest request body the emulator reads.
const MAX_REQUEST_BYTES: usize = 1024 * 1024;

type ResponseBody = Either<Full<Bytes>, Truncated>;
/// Returning this error makes hyper drop the connection without an answer.
type Dropped = Box<dyn std::error::Error + Send + Sync>;

/// Everything the connection tasks share.
pub(crate) struct Shared {
    pub api_key: String,
    pub state: Mutex<State>,
    /// Wakes every answer a `hold` fault is holding.
    pub release: tokio::sync::Notify,
}

impl Shared {
    pub(crate) fn state(&self) -> std::sync::MutexGuard<'_, State> {
        // A panic elsewhere must not wedge the emulator for the other tests.
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }
}

/// Accepts connections until `shutdown` turns true; over TLS when `tls` is given.
pub(crate) async fn serve(
    listener: TcpListener,
    tls: Option<Arc<ServerConfig>>,
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
        let tls = tls.clone();
        tokio::spawn(async move {
            let Some(config) = tls else {
                return serve_connection(stream, shared).await;
            };
            let handshake = async {
                let start = LazyConfigAcceptor::new(Acceptor::default(), stream).await?;
                // Counted before the server answers the ClientHello, so by the time a client
                // has rejected the certificate, its attempt is in the stats.
                shared.state().stats.tls_handshakes += 1;
                start.into_stream(config).await
            };
            match handshake.await {
                Ok(stream) => {
                    let kind = stream.get_ref().1.handshake_kind();
                    if kind == Some(rustls::HandshakeKind::Resumed) {
                        shared.state().stats.tls_handshakes_resumed += 1;
                    }
                    serve_connection(stream, Arc::clone(&shared)).await
                }
                Err(_) => shared.state().stats.tls_handshakes_failed += 1,
            }
        });
    }
}

async fn serve_connection<S>(stream: S, shared: Arc<Shared>)
where
    S: tokio::io::AsyncRead + tokio::io::AsyncWrite + Unpin + Send + 'static,
{
    // Like the recorded server (`connection: close` on every answer), when asked to.
    let keep_alive = !shared.state().options.close_connections;
    let service = service_fn(move |req| respond(Arc::clone(&shared), req));
    let _ = http1::Builder::new()
        .timer(TokioTimer::new())
        .keep_alive(keep_alive)
        .serve_connection(TokioIo::new(stream), service)
        .await;
}

/// What happens to a request before it is handled.
enum Admission {
    Handle {
        fault: Option<FaultAction>,
        latency: Duration,
    },
    Answer(Answer),
    Drop,
}

/// Counts the request, applies the enforced rate limit, and draws a scripted fault (`body` is
/// the request body when a fault needs it, read beforehand).
fn admit(state: &mut State, method: &str, route: &str, body: Option<&[u8]>) -> Admission {
    let key = match routes::route_of(method, route) {
        Some(pattern) => pattern.to_owned(),
        None if routes::is_known_path(route) => format!("{method} {route}"),
        None => "other".to_owned(),
    };
    *state.stats.requests.entry(key.clone()).or_default() += 1;
    if let Some(windows) = &mut state.rate_windows {
        if windows.try_count(Instant::now()).is_err() {
            state.stats.rate_limited += 1;
            return Admission::Answer(Answer::error(
                429,
                "request_limit_exceeded",
                "Service unavailable, please limit request volume",
            ));
        }
    }
    let fault = state.faults.hit(&key, &format!("{method} {route}"), body);
    state.stats.faults_injected += u64::from(fault.is_some());
    let latency = state.options.latency;
    match fault {
        Some(FaultAction::ResetBefore) => Admission::Drop,
        Some(FaultAction::Respond {
            status,
            body,
            content_type,
            retry_after,
        }) => {
            let content_type = content_type.unwrap_or_else(|| "application/json".to_owned());
            let mut headers = vec![("content-type", content_type)];
            headers.extend(retry_after.map(|value| ("retry-after", value)));
            Admission::Answer(Answer {
                status,
                body: body.unwrap_or_else(|| default_body(status)).into_bytes(),
                headers,
            })
        }
        fault => Admission::Handle { fault, latency },
    }
}

async fn respond(
    shared: Arc<Shared>,
    req: Request<Incoming>,
) -> Result<Response<ResponseBody>, Dropped> {
    let (parts, body) = req.into_parts();
    let method = parts.method.as_str();
    let query = parts.uri.query().unwrap_or("");
    let Some(route) = parts.uri.path().strip_prefix(BASE_PATH) else {
        let answer = Answer::error(404, "not_found|route", "The endpoint does not exist.");
        return Ok(to_response(answer));
    };

    if route == "_emulator/release" && method == "POST" {
        let _ = read_body(body).await;
        shared.release.notify_waiters();
        return Ok(to_response(Answer::empty(204)));
    }
    if let Some(control) = route.strip_prefix(admin::PREFIX) {
        let answer = match read_body(body).await {
            Ok(body) => admin::handle(&mut shared.state(), method, control, query, &body),
            Err(answer) => answer,
        };
        return Ok(to_response(answer));
    }

    // A slow network on the way in: the request is counted only when it "arrives".
    let jitter = shared.state().options.jitter;
    if !jitter.is_zero() {
        tokio::time::sleep(jitter.mul_f64(crate::http::retry::unit_random())).await;
    }
    // Decided before the body is read, so that `reset_before` really reads nothing; unless a
    // fault picks requests by their body.
    let early = if shared.state().faults.need_body() {
        match read_body(body).await {
            Ok(bytes) => Ok(bytes),
            Err(answer) => return Ok(to_response(answer)),
        }
    } else {
        Err(body)
    };
    let admission = admit(
        &mut shared.state(),
        method,
        route,
        early.as_ref().ok().map(|b| &b[..]),
    );
    let (fault, latency) = match admission {
        Admission::Drop => return Err("reset_before fault".into()),
        Admission::Answer(answer) => {
            // Read the body all the same: one left unread makes hyper close the connection after
            // answering, racing the client's next request on it.
            if let Err(body) = early {
                let _ = read_body(body).await;
            }
            return Ok(to_response(answer));
        }
        Admission::Handle { fault, latency } => (fault, latency),
    };
    let body = match early {
        Ok(body) => body,
        Err(body) => match read_body(body).await {
            Ok(body) => body,
            Err(answer) => return Ok(to_response(answer)),
        },
    };
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
    let mut answer = routes::handle(&mut shared.state(), &request);

    if !latency.is_zero() {
        tokio::time::sleep(latency).await;
    }
    match fault {
        Some(FaultAction::ResetAfter) => return Err("reset_after fault".into()),
        Some(FaultAction::Delay { ms }) => tokio::time::sleep(Duration::from_millis(ms)).await,
        Some(FaultAction::Hold { ms }) => {
            let released = shared.release.notified();
            tokio::pin!(released);
            // Registered before the hold is counted, so a release right after cannot be missed.
            released.as_mut().enable();
            shared.state().stats.held += 1;
            tokio::select! {
                _ = released => {}
                _ = tokio::time::sleep(Duration::from_millis(ms)) => {}
            }
        }
        Some(FaultAction::Malformed { keep }) => {
            answer.body.truncate(kept(answer.body.len(), keep));
        }
        Some(FaultAction::CorruptField { field, value }) => {
            if let Ok(serde_json::Value::Object(mut object)) =
                serde_json::from_slice::<serde_json::Value>(&answer.body)
            {
                object.insert(field, value);
                answer.body = serde_json::Value::Object(object).to_string().into_bytes();
            }
        }
        Some(FaultAction::Truncated { keep }) => return Ok(truncated_response(answer, keep)),
        _ => {}
    }
    Ok(to_response(answer))
}

async fn read_body(body: Incoming) -> Result<Bytes, Answer> {
    let too_large = || {
        Answer::error(
            413,
            "request_too_large",
            "The request body is too large, or the connection broke while sending it.",
        )
    };
    // A declared length over the cap is refused before a byte is read, so that a client that
    // asked first (Expect: 100-continue) gets the answer instead of sending the body.
    if hyper::body::Body::size_hint(&body).lower() > MAX_REQUEST_BYTES as u64 {
        return Err(too_large());
    }
    match Limited::new(body, MAX_REQUEST_BYTES).collect().await {
        Ok(collected) => Ok(collected.to_bytes()),
        Err(_) => Err(too_large()),
    }
}

fn response_head(answer: &Answer) -> hyper::http::response::Builder {
    let mut builder = Response::builder().status(answer.status);
    for (name, value) in &answer.headers {
        builder = builder.header(*name, value);
    }
    builder
}

fn to_response(answer: Answer) -> Response<ResponseBody> {
    let head = response_head(&answer);
    head.body(Either::Left(Full::new(Bytes::from(answer.body))))
        .unwrap_or_else(|_| Response::new(Either::Left(Full::new(Bytes::new()))))
}

fn truncated_response(answer: Answer, keep: Option<i64>) -> Response<ResponseBody> {
    let declared = answer.body.len() as u64;
    let mut body = answer.body.clone();
    body.truncate(kept(body.len(), keep));
    let truncated = Truncated {
        sent: Some(Bytes::from(body)),
        declared,
        pause: Box::pin(tokio::time::sleep(Duration::from_millis(20))),
    };
    response_head(&answer)
        .body(Either::Right(truncated))
        .unwrap_or_else(|_| Response::new(Either::Left(Full::new(Bytes::new()))))
}

/// A body that announces `declared` bytes, sends fewer, then fails, so hyper closes the
/// connection mid-body. It pauses before failing: hyper flushes what it has only while a body
/// is pending, and would otherwise drop the partial body with the connection.
pub(crate) struct Truncated {
    sent: Option<Bytes>,
    declared: u64,
    pause: Pin<Box<tokio::time::Sleep>>,
}

impl Body for Truncated {
    type Data = Bytes;
    type Error = std::io::Error;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, std::io::Error>>> {
        if let Some(data) = self.sent.take() {
            return Poll::Ready(Some(Ok(Frame::data(data))));
        }
        match self.pause.as_mut().poll(cx) {
            Poll::Pending => Poll::Pending,
            Poll::Ready(()) => Poll::Ready(Some(Err(std::io::Error::other("truncated fault")))),
        }
    }

    fn size_hint(&self) -> SizeHint {
        SizeHint::with_exact(self.declared)
    }
}
