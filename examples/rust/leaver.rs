//! The leaver flow: find a user by email, revoke their API keys, delete them. Run it against
//! the emulator (`make demo` does, with `--create-demo-user` so there is someone to remove):
//!
//! ```sh
//! CERTCENTRAL_BASE_URL=http://127.0.0.1:PORT/services/v2/ DIGICERT_API_KEY=KEY \
//!     cargo run --example leaver -- leaver@example.com
//! ```
//!
//! Keys are revoked before the user is deleted, so that a failure half-way leaves a user who
//! can no longer act rather than keys nobody owns.

use std::process::ExitCode;

use certcentral::models::*;
use certcentral::{Client, Error};

/// The user whose email is `email` (compared ignoring case), if any.
fn find_user(client: &Client, email: &str) -> Result<Option<User>, Error> {
    let query = ListUsersQuery {
        list: ListParams {
            search: Some(email.into()),
            ..Default::default()
        },
        ..Default::default()
    };
    for user in client.users(query)? {
        let user = user?;
        if user
            .email
            .as_deref()
            .is_some_and(|e| e.eq_ignore_ascii_case(email))
        {
            return Ok(Some(user));
        }
    }
    Ok(None)
}

/// A user with two keys, so that the flow has something to do on an empty account.
fn create_demo_user(client: &Client, email: &str) -> Result<(), Error> {
    let request = AddUserRequest::new("demo-leaver", "Dee", "Parture", email, [5]);
    let user = client.add_user(&request)?;
    for name in ["laptop", "ci"] {
        // The one-time keys are not needed here; they are dropped unseen.
        client.create_api_key(user.id, &CreateApiKeyRequest::new(name))?;
    }
    println!("created demo user {} with 2 API keys", user.id);
    Ok(())
}

fn run(base_url: &str, email: &str, create: bool) -> Result<bool, Error> {
    let client = Client::builder()
        .base_url(base_url)
        .user_agent_suffix("leaver-example")
        .build()?;
    if create {
        create_demo_user(&client, email)?;
    }
    let Some(user) = find_user(&client, email)? else {
        println!("no user has the email {email}");
        return Ok(false);
    };
    let keys = ListApiKeysQuery {
        user_id: Some(user.id),
        ..Default::default()
    };
    let mut revoked = 0;
    for key in client.api_keys(keys)? {
        let key = key?;
        if key.status.as_deref() != Some("revoked") {
            client.revoke_api_key(key.id)?;
            revoked += 1;
            println!(
                "revoked key {} ({})",
                key.id,
                key.name.as_deref().unwrap_or("unnamed")
            );
        }
    }
    client.delete_user(user.id)?;
    println!(
        "deleted user {} ({email}) after revoking {revoked} keys",
        user.id
    );
    Ok(true)
}

fn main() -> ExitCode {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let create = args.iter().any(|a| a == "--create-demo-user");
    args.retain(|a| a != "--create-demo-user");
    let [email] = args.as_slice() else {
        eprintln!("usage: leaver [--create-demo-user] EMAIL");
        return ExitCode::from(2);
    };
    let Ok(base_url) = std::env::var("CERTCENTRAL_BASE_URL") else {
        eprintln!("set CERTCENTRAL_BASE_URL (e.g. the emulator's URL) and DIGICERT_API_KEY");
        return ExitCode::from(2);
    };
    match run(&base_url, email, create) {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::from(1),
        Err(e) => {
            eprintln!("leaver: {e}");
            ExitCode::from(1)
        }
    }
}
