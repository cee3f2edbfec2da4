//! Session declarations: what a valid one generates, and each inconsistency with its position.

use super::{assert_reported, generated, problems};

/// Sign-in, refresh (token one level down, provider in the path) and logout; cases patch it.
const BASE: &str = r#"{
  "version": 1,
  "types": {
    "Renewal": { "fields": { "token": "secret", "hint": { "type": "string", "optional": true } } },
    "Grant": { "fields": { "jwt": "secret", "renewal": "Renewal", "n": "integer" } },
    "Login": { "fields": { "user": "string" } }
  },
  "modules": {
    "Account": {
      "path": "/v2/account",
      "endpoints": {
        "signIn": {
          "method": "POST",
          "path": "/{provider}/login",
          "params": { "provider": { "in": "path", "type": "string" } },
          "body": "Login",
          "response": "Grant",
          "session": { "opens": { "accessToken": "/jwt", "refreshToken": "/renewal/token", "provider": "provider" } }
        },
        "renew": {
          "method": "POST",
          "path": "/{provider}/renew",
          "params": {
            "provider": { "in": "path", "type": "string" },
            "renewalToken": { "in": "body", "type": "secret", "default": { "session": "refreshToken" } }
          },
          "response": "Grant",
          "session": { "refreshes": { "accessToken": "/jwt", "refreshToken": "/renewal/token", "tokenParam": "renewalToken", "provider": "provider", "defaultProvider": "main" } }
        },
        "signOut": {
          "method": "POST",
          "path": "/logout",
          "params": {
            "renewalToken": { "in": "body", "type": "secret", "default": { "session": "refreshToken" } }
          },
          "response": "json",
          "auth": "user",
          "session": "logout"
        }
      }
    }
  }
}"#;

fn with(from: &str, to: &str) -> String {
    assert!(BASE.contains(from), "case does not apply: {from}");
    BASE.replacen(from, to, 1)
}

#[test]
fn the_base_spec_is_valid_and_declares_its_protocol() {
    assert_eq!(problems(BASE), Vec::<String>::new());
    let code = generated(BASE);
    for expected in [
        "pub static SESSION_PROTOCOL : :: oneentry_client :: endpoint :: Protocol",
        "refresh : & account :: RENEW",
        "token_param : \"renewalToken\"",
        "param : \"provider\" , default : \"main\"",
        "refresh_token : \"/renewal/token\"",
        "protocol : :: core :: option :: Option :: Some (& super :: SESSION_PROTOCOL)",
        "request . body_session_refresh_token (\"renewalToken\")",
        ":: oneentry_client :: endpoint :: Ends :: ThisDevice",
    ] {
        assert!(code.contains(expected), "missing `{expected}` in\n{code}");
    }
    // Sign-in and refresh are never resent after a refresh; the others are by default.
    assert_eq!(code.matches("resend_after_refresh : false").count(), 2);
    assert_eq!(code.matches("resend_after_refresh : true").count(), 1);
}

#[test]
fn a_spec_without_a_refresh_endpoint_has_no_protocol() {
    let refreshes = r#"{ "refreshes": { "accessToken": "/jwt", "refreshToken": "/renewal/token", "tokenParam": "renewalToken", "provider": "provider", "defaultProvider": "main" } }"#;
    let text = with(refreshes, "\"none\"").replacen(", \"provider\": \"provider\" } }", " } }", 1);
    let code = generated(&text);
    assert!(!code.contains("compile_error"), "{code}");
    assert!(!code.contains("SESSION_PROTOCOL"), "{code}");
    assert!(code.contains("protocol : :: core :: option :: Option :: None"));
}

#[test]
fn reports_each_inconsistent_declaration_with_its_position() {
    let cases: Vec<(String, &str)> = vec![
        (
            with(
                "\"session\": \"logout\"",
                "\"session\": { \"refreshes\": { \"accessToken\": \"/jwt\", \"refreshToken\": \"/renewal/token\", \"tokenParam\": \"renewalToken\" } }",
            ),
            "spec.json:38:24: at $.modules.Account.endpoints.signOut.session.refreshes: a second refresh endpoint: `Account.renew` refreshes already",
        ),
        (
            with(
                "\"refreshToken\": \"/renewal/token\", \"provider\"",
                "\"refreshToken\": \"/renewal/tokn\", \"provider\"",
            ),
            "at $.modules.Account.endpoints.signIn.session.opens.refreshToken: `/renewal/tokn` is not in the answer: `Renewal` has no field `tokn`; did you mean `token`?",
        ),
        (
            with(
                "\"tokenParam\": \"renewalToken\"",
                "\"tokenParam\": \"renewToken\"",
            ),
            "at $.modules.Account.endpoints.renew.session.refreshes.tokenParam: `renewToken` is not a parameter of `Account.renew`; did you mean `renewalToken`?",
        ),
        (
            with(
                "\"response\": \"Grant\",\n          \"session\": { \"opens\"",
                "\"response\": \"json\",\n          \"session\": { \"opens\"",
            ),
            "at $.modules.Account.endpoints.signIn.response: the answer holds the session's tokens, so the endpoint needs a `response` type that has them, not `json`",
        ),
        (
            with(
                "\"accessToken\": \"/jwt\", \"refreshToken\": \"/renewal/token\", \"provider\": \"provider\" } }",
                "\"accessToken\": \"/renewal/hint\", \"refreshToken\": \"/renewal/token\", \"provider\": \"provider\" } }",
            ),
            "`/renewal/hint` may be missing from the answer: `Renewal.hint` is optional or nullable",
        ),
        (
            with(
                "\"accessToken\": \"/jwt\", \"refreshToken\": \"/renewal/token\", \"provider\": \"provider\" } }",
                "\"accessToken\": \"/n\", \"refreshToken\": \"/renewal/token\", \"provider\": \"provider\" } }",
            ),
            "`/n` is not a token: tokens are `secret` (or `string`) fields",
        ),
        (
            with(
                "\"accessToken\": \"/jwt\", \"refreshToken\": \"/renewal/token\", \"provider\": \"provider\" } }",
                "\"accessToken\": \"jwt\", \"refreshToken\": \"/renewal/token\", \"provider\": \"provider\" } }",
            ),
            "`jwt` is not a JSON pointer; it starts with `/`",
        ),
        (
            with("\"session\": \"logout\"", "\"session\": \"clear\""),
            "at $.modules.Account.endpoints.signOut.session: unknown session `clear`; a sign-out is `\"logout\"` (this device) or `\"logoutAll\"` (every device)",
        ),
        (
            with(
                ", \"provider\": \"provider\", \"defaultProvider\": \"main\"",
                "",
            ),
            "at $.modules.Account.endpoints.signIn.session.opens.provider: the sign-in names a provider, but the refresh endpoint `Account.renew` declares no `provider` to send it back in",
        ),
        (
            with(", \"defaultProvider\": \"main\"", ""),
            "a refresh that sends a provider needs a `defaultProvider`",
        ),
        (
            with(
                "\"tokenParam\": \"renewalToken\", \"provider\": \"provider\"",
                "\"tokenParam\": \"renewalToken\", \"provider\": \"renewalToken\"",
            ),
            "the parameter `renewalToken` is not a `string` path or query parameter",
        ),
        (
            with(
                "\"session\": { \"refreshes\"",
                "\"resendAfterRefresh\": true, \"session\": { \"refreshes\"",
            ),
            "at $.modules.Account.endpoints.renew.resendAfterRefresh: an endpoint that signs in or refreshes cannot be resent after a refresh",
        ),
        (
            with(
                "\"session\": { \"opens\": {",
                "\"session\": { \"refreshes\": {}, \"opens\": {",
            ),
            "an endpoint either opens a session or refreshes it, not both",
        ),
        (
            with(
                "\"params\": { \"provider\": { \"in\": \"path\", \"type\": \"string\" } },",
                "\"params\": { \"provider\": { \"in\": \"path\", \"type\": \"string\" }, \"user\": { \"in\": \"body\", \"type\": \"string\" } },",
            ),
            "at $.modules.Account.endpoints.signIn.params.user: the body parameter `user` is also a field of the body model `Login`; the key would be sent twice",
        ),
    ];
    for (text, expected) in cases {
        let found = problems(&text);
        assert_reported(&found, expected);
    }
}

#[test]
fn every_broken_declaration_is_reported_in_one_run() {
    let text = with(
        "\"tokenParam\": \"renewalToken\"",
        "\"tokenParam\": \"nope\"",
    )
    .replacen("\"/jwt\"", "\"/jwtt\"", 1)
    .replacen("\"session\": \"logout\"", "\"session\": \"store\"", 1);
    let found = problems(&text);
    assert_eq!(found.len(), 3, "{found:#?}");
}
