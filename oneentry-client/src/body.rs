//! Reading response bodies chunk by chunk, never past a limit.
//!
//! A server (or anything between it and the client) can send a body of any size; reading it
//! whole first would let it decide how much memory the application uses. Success bodies are
//! read up to the client's limit and fail beyond it; error bodies are only read for their
//! message, so their first [`ApiDetails::MAX_RAW_BODY`](crate::ApiDetails::MAX_RAW_BODY)
//! bytes are kept and the rest is left unread.

/// Largest allocation made up front from a `Content-Length`; beyond it the buffer grows as
/// data actually arrives, so a length that lies costs nothing.
const MAX_PREALLOCATION: u64 = 1 << 20;

/// Why a capped read failed.
#[derive(Debug)]
pub(crate) enum BodyError {
    /// The body is longer than the limit; `declared` is the `Content-Length` when it said so.
    TooLarge {
        /// `Content-Length`, when that is what showed the body to be too large.
        declared: Option<u64>,
    },
    /// The connection failed while the body was being read.
    Read(reqwest::Error),
}

/// Reads the whole body, failing as soon as it is known to exceed `limit` bytes: before
/// reading when `Content-Length` says so, else when the chunk that crosses it arrives.
pub(crate) async fn read_capped(
    response: &mut reqwest::Response,
    limit: u64,
) -> Result<Vec<u8>, BodyError> {
    let declared = response.content_length();
    if let Some(length) = declared.filter(|length| *length > limit) {
        return Err(BodyError::TooLarge {
            declared: Some(length),
        });
    }
    let initial = declared.unwrap_or(0).min(MAX_PREALLOCATION);
    let mut body = Vec::with_capacity(usize::try_from(initial).unwrap_or(0));
    while let Some(chunk) = response.chunk().await.map_err(BodyError::Read)? {
        let total = body.len() as u64 + chunk.len() as u64;
        if total > limit {
            return Err(BodyError::TooLarge { declared: None });
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

/// Reads at most `max` bytes of the body; the flag says whether there was more.
pub(crate) async fn read_prefix(
    response: &mut reqwest::Response,
    max: usize,
) -> Result<(Vec<u8>, bool), reqwest::Error> {
    let mut body = Vec::new();
    while let Some(chunk) = response.chunk().await? {
        let room = max - body.len();
        if chunk.len() > room {
            body.extend_from_slice(&chunk[..room]);
            return Ok((body, true));
        }
        body.extend_from_slice(&chunk);
    }
    Ok((body, false))
}
