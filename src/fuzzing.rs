//! Entry points for the `cargo fuzz` targets in `fuzz/`. Hidden from the docs, but compiled
//! (and linted) with every build so that the fuzz targets cannot rot unnoticed.

use crate::error::{Error, ResponseBody};
use crate::models::{
    decode, CreatedOrganization, CreatedUser, Invite, InvitePage, ListInvitesQuery, Subaccount,
};

/// Runs every decoder on `data` as a response body.
pub fn decode_response(data: &[u8]) {
    let status = data.first().map_or(200, |b| 200 + u16::from(*b % 4) * 100);
    let error = Error::from_response(status, data, None, None);
    let _ = (error.to_string(), error.api_errors().len(), error.body());
    let undecodable = Error::Decode {
        http_status: 201,
        message: String::new(),
        body: Some(ResponseBody::new(data)),
    };
    let _ = undecodable.subaccount_api_key();
    assert_eq!(
        undecodable.body().map(str::len),
        Some(String::from_utf8_lossy(data).len())
    );
    if let Ok(page) = decode::<InvitePage>(data) {
        let _ = page.raw.to_value();
        for invite in &page.invites {
            let _ = invite.raw.as_str();
        }
    }
    let _ = serde_json::from_slice::<Invite>(data);
    if let Ok(sub) = decode::<Subaccount>(data) {
        let _ = serde_json::to_string(&sub);
        let _ = sub.organization.map(|o| o.raw.as_str().len());
    }
    let _ = decode::<CreatedUser>(data);
    let _ = decode::<CreatedOrganization>(data);
    let _ = ListInvitesQuery::from_query_string(&String::from_utf8_lossy(data));
}

/// Feeds one arbitrary request to the emulator's router: the first byte picks the method and a
/// route, the rest splits at 0xFF into a route suffix, a query string and a body.
#[cfg(feature = "emulator")]
pub fn emulator_request(data: &[u8]) {
    use crate::emulator::{fuzz_handle, EmulatorOptions};
    const METHODS: [&str; 4] = ["GET", "POST", "DELETE", "PUT"];
    const ROUTES: [&str; 9] = [
        "account/subaccount/invite",
        "account",
        "user",
        "organization",
        "user/me",
        "_emulator/seed",
        "_emulator/faults",
        "_emulator/settings",
        "_emulator/invites/1/status",
    ];
    let Some((&selector, rest)) = data.split_first() else {
        return;
    };
    let mut parts = rest.split(|b| *b == 0xFF);
    let suffix = String::from_utf8_lossy(parts.next().unwrap_or_default());
    let query = String::from_utf8_lossy(parts.next().unwrap_or_default());
    let body = parts.next().unwrap_or_default();
    let method = METHODS[usize::from(selector) % METHODS.len()];
    let mut route = ROUTES[usize::from(selector / 4) % ROUTES.len()].to_owned();
    if selector & 0x80 != 0 {
        route.push_str(&suffix);
    }
    let options = EmulatorOptions::with_api_key("fuzz-key");
    let key = (selector & 0x40 == 0).then_some("fuzz-key");
    let status = fuzz_handle(options, method, &route, &query, key, body);
    assert!((100..=599).contains(&status), "{status}");
}
