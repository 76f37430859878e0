//! Provisions a customer: an organization (unless it exists), a managed subaccount, a user, and invites; then
//! lists the pending invites. Run it against the emulator (`make demo` does):
//!
//! ```sh
//! CERTCENTRAL_BASE_URL=http://127.0.0.1:PORT/services/v2/ DIGICERT_API_KEY=KEY \
//!     cargo run --example provision
//! ```
//!
//! The base URL is required on purpose: pointing it at production
//! (`https://www.digicert.com/services/v2/`) must be a deliberate choice.

use std::process::ExitCode;

use certcentral::models::*;
use certcentral::{Client, Error, ListInvitesQuery};

fn run(base_url: &str) -> Result<(), Error> {
    // The key comes from DIGICERT_API_KEY.
    let client = Client::builder()
        .base_url(base_url)
        .user_agent_suffix("provision-example")
        .build()?;

    // Look up before creating: reuse the organization if one with this exact name exists.
    let name = "Rust Example Industries";
    let search = ListOrganizationsQuery {
        list: ListParams {
            search: Some(name.into()),
            ..Default::default()
        },
        ..Default::default()
    };
    let mut existing = None;
    for organization in client.organizations(search)? {
        let organization = organization?;
        if organization.name.as_deref() == Some(name) {
            existing = Some(organization.id);
            break;
        }
    }
    let organization_id = match existing {
        Some(id) => {
            println!("rust: organization {id} already exists");
            id
        }
        None => {
            let created = client.create_organization(&CreateOrganizationRequest {
                name: name.into(),
                address: "1 Ferris Way".into(),
                city: "Lehi".into(),
                state: "ut".into(),
                zip: "84043".into(),
                country: "us".into(),
                telephone: "801-555-0100".into(),
                organization_contact: OrganizationContactRequest {
                    first_name: "Ada".into(),
                    last_name: "Crab".into(),
                    email: "ada@rust-example.test".into(),
                    telephone: "801-555-0101".into(),
                    ..Default::default()
                },
                ..Default::default()
            })?;
            println!("rust: organization {} created", created.id);
            created.id
        }
    };
    let details = client.get_organization(organization_id)?;
    println!(
        "rust: organization {} is {}",
        details.id,
        details.status.as_deref().unwrap_or("?")
    );

    let subaccount = client.create_subaccount(&CreateSubaccountRequest {
        account_type: "managed".into(),
        allowed_grandchildren: vec!["retail".into()],
        user: SubaccountUserRequest {
            first_name: "Grace".into(),
            last_name: "Crab".into(),
            email: "grace@rust-example.test".into(),
            ..Default::default()
        },
        organization: SubaccountOrganizationRequest {
            name: "Rust Example Subsidiary".into(),
            address: "2 Ferris Way".into(),
            zip: "84043".into(),
            city: "Lehi".into(),
            state: "ut".into(),
            country: "us".into(),
            ..Default::default()
        },
        ..Default::default()
    })?;
    // A managed subaccount's key is shown once: store it now (here we only say we got it).
    let has_key = subaccount.api_key.is_some();
    println!(
        "rust: managed subaccount {} created (one-time API key received: {has_key})",
        subaccount.id
    );

    let user = client.add_user(&AddUserRequest {
        job_title: Some("Platform engineer".into()),
        ..AddUserRequest::new(
            "linus.crab",
            "Linus",
            "Crab",
            "linus@rust-example.test",
            [5],
        )
    })?;
    println!("rust: user {} added", user.id);

    let invite = SendInviteRequest::new(
        ["partner1@rust-example.test", "partner2@rust-example.test"],
        "retail",
    )
    .invite_note("Join us on CertCentral");
    client.send_invite(&invite)?;

    let pending = ListInvitesQuery {
        status: Some("pending".into()),
        search: Some("%rust-example".into()),
        sort: Some("-date_created".into()),
        ..Default::default()
    };
    let mut count = 0;
    for invite in client.invites(pending)? {
        let invite = invite?;
        count += 1;
        println!(
            "rust: invite {} to {} ({})",
            invite.id,
            invite.email.as_deref().unwrap_or("?"),
            invite.status.as_deref().unwrap_or("?")
        );
    }
    println!("rust: {count} pending invites");
    Ok(())
}

fn main() -> ExitCode {
    let Ok(base_url) = std::env::var("CERTCENTRAL_BASE_URL") else {
        eprintln!("set CERTCENTRAL_BASE_URL (and DIGICERT_API_KEY); `make demo` does both");
        return ExitCode::from(2);
    };
    match run(&base_url) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("rust: failed ({}): {e}", e.kind());
            ExitCode::FAILURE
        }
    }
}
