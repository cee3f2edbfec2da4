//! When to refresh tokens and when to retry, as pure functions.
//!
//! Kept apart from the transport so the whole decision table can be unit-tested without a
//! server. Differences from the official SDK 1.0.149 (docs/wire.md#automatic-refresh), all deliberate:
//! a user endpoint with only a refresh token refreshes *before* sending instead of paying for
//! a guaranteed 401; a user endpoint with no token at all fails without a request; a 401 from
//! sign-in or refresh itself never triggers another refresh.

use crate::endpoint::Auth;

/// What to do before sending a request.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum BeforeSend {
    /// Send it as it is.
    Send,
    /// Buy an access token with the refresh token first.
    RefreshFirst,
    /// Fail with `Error::NotSignedIn`; sending would only get a 401.
    NotSignedIn,
}

/// What to do with an answer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum AfterResponse {
    /// Hand the answer to the caller (success or error).
    Done,
    /// Send the request again as it is: the 401 answered a token that another task has
    /// rotated away since, and the session already holds its successor.
    Resend,
    /// Refresh the tokens and send the request once more.
    RefreshAndResend,
}

/// How many times one call may be re-sent after 401s. Each re-send answers a rotation that
/// happened during the call (or the one refresh the call makes itself), so a call survives
/// this many rotations by other tasks; past it, the server is refusing the user, not a token.
pub(crate) const MAX_AUTH_RESENDS: u32 = 4;

/// An answer, and what the call and the session know about it.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Answer {
    pub(crate) status: u16,
    /// The endpoint's declaration that a refresh may fix its 401 (false for sign-in and
    /// refresh themselves).
    pub(crate) resend_after_refresh: bool,
    pub(crate) endpoint_auth: Auth,
    /// The request carried `Authorization: Bearer`.
    pub(crate) sent_bearer: bool,
    /// This call already refreshed (or waited for a refresh) once.
    pub(crate) refreshed: bool,
    /// Re-sends so far.
    pub(crate) resends: u32,
    /// The session holds a refresh token, and the endpoint's API declares how to refresh.
    pub(crate) has_refresh: bool,
    /// The session changed since the request was sent, and holds an access token.
    pub(crate) rotated_since_sent: bool,
}

pub(crate) fn before_send(auth: Auth, has_access: bool, has_refresh: bool) -> BeforeSend {
    match (auth, has_access, has_refresh) {
        (Auth::None, _, _) | (Auth::User, true, _) => BeforeSend::Send,
        (Auth::User, false, true) => BeforeSend::RefreshFirst,
        (Auth::User, false, false) => BeforeSend::NotSignedIn,
    }
}

pub(crate) fn after_response(answer: Answer) -> AfterResponse {
    let eligible = answer.status == 401
        && answer.resends < MAX_AUTH_RESENDS
        // A 401 from sign-in or refresh means bad credentials or a dead refresh token;
        // refreshing again cannot help and could loop: those declare no resend.
        && answer.resend_after_refresh
        // Only a request that depended on the user token can be fixed by a new one.
        && (answer.sent_bearer || answer.endpoint_auth == Auth::User);
    if !eligible {
        AfterResponse::Done
    } else if answer.rotated_since_sent {
        AfterResponse::Resend
    } else if !answer.refreshed && answer.has_refresh {
        AfterResponse::RefreshAndResend
    } else {
        AfterResponse::Done
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use AfterResponse::{Done, RefreshAndResend, Resend};
    use BeforeSend::{NotSignedIn, RefreshFirst, Send};

    #[test]
    fn before_send_table() {
        #[rustfmt::skip]
        let table = [
            // auth,       access, refresh, expected
            (Auth::None,  false,  false,   Send),
            (Auth::None,  false,  true,    Send),
            (Auth::None,  true,   false,   Send),
            (Auth::None,  true,   true,    Send),
            (Auth::User,  true,   false,   Send),
            (Auth::User,  true,   true,    Send),
            (Auth::User,  false,  true,    RefreshFirst),
            (Auth::User,  false,  false,   NotSignedIn),
        ];
        for (auth, access, refresh, expected) in table {
            assert_eq!(
                before_send(auth, access, refresh),
                expected,
                "{auth:?} {access} {refresh}"
            );
        }
    }

    #[test]
    fn after_response_table() {
        // Whether the endpoint declares `resendAfterRefresh` (sign-in and refresh do not).
        const KEEP: bool = true;
        const STORE: bool = false;
        const MAX: u32 = MAX_AUTH_RESENDS;
        #[rustfmt::skip]
        let table = [
            // status, session, bearer, auth,       refreshed, resends, refresh, rotated, expected
            (200,      KEEP,    true,   Auth::User, false,     0,       true,    false,   Done),
            (403,      KEEP,    true,   Auth::User, false,     0,       true,    false,   Done),
            (500,      KEEP,    true,   Auth::User, false,     0,       true,    true,    Done),
            (401,      KEEP,    true,   Auth::User, false,     0,       true,    false,   RefreshAndResend),
            (401,      KEEP,    false,  Auth::User, false,     0,       true,    false,   RefreshAndResend),
            (401,      KEEP,    true,   Auth::None, false,     0,       true,    false,   RefreshAndResend),
            (401,      KEEP,    false,  Auth::None, false,     0,       true,    false,   Done),
            (401,      KEEP,    true,   Auth::User, true,      1,       true,    false,   Done),
            (401,      KEEP,    true,   Auth::User, false,     0,       false,   false,   Done),
            (401,      STORE,   true,   Auth::None, false,     0,       true,    false,   Done),
            (401,      STORE,   true,   Auth::User, false,     0,       true,    true,    Done),
            (401,      KEEP,    true,   Auth::User, false,     0,       true,    false,   RefreshAndResend),
            (401,      KEEP,    true,   Auth::User, true,      1,       true,    false,   Done),
            // Somebody else rotated the token while this request was out: resend, no refresh.
            (401,      KEEP,    true,   Auth::User, false,     0,       true,    true,    Resend),
            (401,      KEEP,    true,   Auth::User, true,      2,       true,    true,    Resend),
            (401,      KEEP,    true,   Auth::User, true,      MAX - 1, false,   true,    Resend),
            (401,      KEEP,    true,   Auth::User, true,      MAX,     true,    true,    Done),
            (401,      KEEP,    true,   Auth::User, false,     MAX,     true,    false,   Done),
        ];
        for (status, session, bearer, auth, refreshed, resends, refresh, rotated, expected) in table
        {
            let answer = Answer {
                status,
                resend_after_refresh: session,
                endpoint_auth: auth,
                sent_bearer: bearer,
                refreshed,
                resends,
                has_refresh: refresh,
                rotated_since_sent: rotated,
            };
            assert_eq!(after_response(answer), expected, "{answer:?}");
        }
    }
}
