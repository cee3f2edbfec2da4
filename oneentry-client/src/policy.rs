//! When to refresh tokens and when to retry, as pure functions.
//!
//! Kept apart from the transport so the whole decision table can be unit-tested without a
//! server. Differences from the official SDK 1.0.149 (WIRE §4.3), all deliberate:
//! a user endpoint with only a refresh token refreshes *before* sending instead of paying for
//! a guaranteed 401; a user endpoint with no token at all fails without a request; a 401 from
//! sign-in or refresh itself never triggers another refresh.

use crate::__private::{Auth, SessionEffect};

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
    /// Refresh the tokens and send the request once more.
    RefreshAndRetry,
}

pub(crate) fn before_send(auth: Auth, has_access: bool, has_refresh: bool) -> BeforeSend {
    match (auth, has_access, has_refresh) {
        (Auth::None, _, _) | (Auth::User, true, _) => BeforeSend::Send,
        (Auth::User, false, true) => BeforeSend::RefreshFirst,
        (Auth::User, false, false) => BeforeSend::NotSignedIn,
    }
}

pub(crate) fn after_response(
    status: u16,
    endpoint_session: SessionEffect,
    sent_bearer: bool,
    endpoint_auth: Auth,
    retried: bool,
    has_refresh: bool,
) -> AfterResponse {
    let eligible = status == 401
        && !retried
        && has_refresh
        // A 401 from sign-in or refresh means bad credentials or a dead refresh token;
        // refreshing again cannot help and could loop.
        && endpoint_session != SessionEffect::Store
        // Only a request that depended on the user token can be fixed by a new one.
        && (sent_bearer || endpoint_auth == Auth::User);
    if eligible {
        AfterResponse::RefreshAndRetry
    } else {
        AfterResponse::Done
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use AfterResponse::{Done, RefreshAndRetry};
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
        use SessionEffect::{Clear, None as Keep, Store};
        #[rustfmt::skip]
        let table = [
            // status, session, bearer, auth,       retried, refresh, expected
            (200,      Keep,    true,   Auth::User, false,   true,    Done),
            (403,      Keep,    true,   Auth::User, false,   true,    Done),
            (500,      Keep,    true,   Auth::User, false,   true,    Done),
            (401,      Keep,    true,   Auth::User, false,   true,    RefreshAndRetry),
            (401,      Keep,    false,  Auth::User, false,   true,    RefreshAndRetry),
            (401,      Keep,    true,   Auth::None, false,   true,    RefreshAndRetry),
            (401,      Keep,    false,  Auth::None, false,   true,    Done),
            (401,      Keep,    true,   Auth::User, true,    true,    Done),
            (401,      Keep,    true,   Auth::User, false,   false,   Done),
            (401,      Store,   true,   Auth::None, false,   true,    Done),
            (401,      Store,   true,   Auth::User, false,   true,    Done),
            (401,      Clear,   true,   Auth::User, false,   true,    RefreshAndRetry),
            (401,      Clear,   true,   Auth::User, true,    true,    Done),
        ];
        for (status, session, bearer, auth, retried, refresh, expected) in table {
            assert_eq!(
                after_response(status, session, bearer, auth, retried, refresh),
                expected,
                "{status} {session:?} bearer={bearer} {auth:?} retried={retried} refresh={refresh}"
            );
        }
    }
}
