//! `GET /__emulator/mailbox?email=...`: the one-time codes the emulator "sent" a user.
//!
//! Not a OneEntry endpoint, so the spec does not describe it: its description and operation
//! are written here, and it is registered like the others. A real project e-mails activation
//! and recovery codes; tests that drive the emulator over HTTP (the official SDK's, or any
//! other language's) read them here instead. Like every route it needs the app token. In
//! Rust, `Emulator::last_code` does the same.

use oneentry_client::endpoint::{Auth, Endpoint, Location, Method, Param, Segment, SessionEffect};
use oneentry_client::mock::{FromParts, MockError, Operation, ParamError, Parts};
use serde::Serialize;

use super::{Answer, Call, Routes};
use crate::state::lock;

/// The emulator's own routes live under `/__emulator`, apart from OneEntry's `/api`.
static MAILBOX: Endpoint = Endpoint {
    id: "Emulator.mailbox",
    method: Method::Get,
    path: &[Segment::Literal("/__emulator/mailbox")],
    template: "/__emulator/mailbox",
    params: &[Param {
        name: "email",
        location: Location::Query,
        required: true,
        array: None,
    }],
    auth: Auth::None,
    idempotent: true,
    paginated: false,
    session: SessionEffect::None,
    resend_after_refresh: false,
    protocol: None,
};

/// The mailbox as an operation of the router.
#[derive(Debug, Clone, Copy)]
struct Mailbox;

/// Whose mail: read as optional so that an absent and an empty address get one message.
#[derive(Debug)]
struct MailboxRequest {
    email: Option<String>,
}

/// One code "sent".
#[derive(Debug, Serialize)]
struct Mail {
    provider: String,
    event: String,
    code: String,
}

impl Operation for Mailbox {
    const ENDPOINT: &'static Endpoint = &MAILBOX;
    const LANGUAGE: Option<&'static str> = None;
    type Request = MailboxRequest;
    type Response = Vec<Mail>;
}

impl FromParts for MailboxRequest {
    fn from_parts(parts: &mut Parts<'_>) -> Result<Self, ParamError> {
        Ok(Self {
            email: parts.query("email")?,
        })
    }
}

pub(super) fn register(routes: &Routes<'_>) {
    routes.on(Mailbox, mailbox);
}

/// The user's currently valid codes, oldest first: `[{"provider","event","code"}]`.
fn mailbox(call: &Call<'_>, request: MailboxRequest) -> Answer<Mailbox> {
    let email = request
        .email
        .filter(|email| !email.is_empty())
        .ok_or_else(|| MockError::bad_request("the query parameter `email` is required"))?;
    let store = lock(&call.state.store);
    let mails = store
        .codes_of(&email)
        .into_iter()
        .map(|(provider, event, code)| Mail {
            provider: provider.to_owned(),
            event: event.to_owned(),
            code: code.to_owned(),
        })
        .collect();
    Ok(mails)
}
