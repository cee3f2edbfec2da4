//! TLS of the HTTP clients the crate builds: with the `rustls` feature, rustls with ring's
//! crypto and the platform's certificate verifier.
//!
//! reqwest's own `rustls` feature brings aws-lc-rs, whose C build is the longest step of a
//! cold build; ring costs a fraction of it for what the client needs (TLS 1.2 and 1.3). reqwest
//! without a crypto provider needs one handed to it: the clients built here get a complete
//! rustls configuration, which changes nothing process-wide. Only [`http_client_builder`]
//! installs ring as the process's default provider, when none is installed yet, so that the
//! TLS settings a caller adds to that builder (root certificates, versions) still apply.
//!
//! [`http_client_builder`]: crate::http_client_builder

/// `builder` with the crate's TLS configuration; unchanged when TLS comes from elsewhere
/// (`native-tls`, or no TLS at all).
#[cfg(all(feature = "rustls", not(feature = "native-tls")))]
pub(crate) fn configured(
    builder: reqwest::ClientBuilder,
) -> Result<reqwest::ClientBuilder, String> {
    use std::sync::Arc;

    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let verifier = rustls_platform_verifier::Verifier::new(provider.clone())
        .map_err(|err| format!("the platform's certificate verifier: {err}"))?;
    let mut config = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|err| format!("TLS versions: {err}"))?
        .dangerous()
        // The platform's verifier is the safe one here: it is what reqwest itself uses.
        .with_custom_certificate_verifier(Arc::new(verifier))
        .with_no_client_auth();
    // What reqwest offers with HTTP/2 enabled, so the protocol negotiated stays the same.
    config.alpn_protocols = vec![b"h2".to_vec(), b"http/1.1".to_vec()];
    Ok(builder.tls_backend_preconfigured(config))
}

#[cfg(not(all(feature = "rustls", not(feature = "native-tls"))))]
pub(crate) fn configured(
    builder: reqwest::ClientBuilder,
) -> Result<reqwest::ClientBuilder, String> {
    Ok(builder)
}

/// Makes sure reqwest finds a crypto provider when it builds a client from settings alone.
pub(crate) fn ensure_default_provider() {
    #[cfg(all(feature = "rustls", not(feature = "native-tls")))]
    if rustls::crypto::CryptoProvider::get_default().is_none() {
        // Another thread may install one meanwhile; either way one is installed afterwards.
        let _ = rustls::crypto::ring::default_provider().install_default();
    }
}
