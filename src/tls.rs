//! The TLS client set-up and the loopback rule that every outgoing connection shares: the
//! mail server's and the shared store's. An edge module: it knows neither mail nor store.

use anyhow::Result;
use rustls::pki_types::{CertificateDer, pem::PemObject};
use std::net::{IpAddr, ToSocketAddrs};
use std::path::Path;
use std::sync::Arc;

/// The roots an implicit-TLS server's certificate must chain to: the Web PKI (as lettre's
/// `rustls-tls` uses) and the private CA of `ca_file`.
pub fn client_config(ca_file: Option<&Path>) -> Result<rustls::ClientConfig> {
    let mut roots = rustls::RootCertStore {
        roots: webpki_roots::TLS_SERVER_ROOTS.to_vec(),
    };
    if let Some(ca) = ca_file {
        let unreadable = |e: &dyn std::fmt::Display| {
            anyhow::anyhow!("ca_file {} is not a PEM certificate: {e}", ca.display())
        };
        let mut added = 0;
        for cert in CertificateDer::pem_file_iter(ca).map_err(|e| unreadable(&e))? {
            roots
                .add(cert.map_err(|e| unreadable(&e))?)
                .map_err(|e| unreadable(&e))?;
            added += 1;
        }
        if added == 0 {
            return Err(unreadable(&"no certificate in it"));
        }
    }
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    Ok(rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()?
        .with_root_certificates(roots)
        .with_no_client_auth())
}

/// Whether every address `host` resolves to is a loopback one.
pub fn is_loopback(host: &str, port: u16) -> bool {
    if let Ok(ip) = host.parse::<IpAddr>() {
        return ip.is_loopback();
    }
    match (host, port).to_socket_addrs() {
        Ok(addrs) => {
            let addrs: Vec<_> = addrs.collect();
            !addrs.is_empty() && addrs.iter().all(|a| a.ip().is_loopback())
        }
        Err(_) => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_ca_file_without_a_certificate_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let ca = dir.path().join("ca.pem");
        std::fs::write(&ca, "not a certificate\n").unwrap();
        let err = client_config(Some(&ca)).err().unwrap().to_string();
        assert!(err.contains("ca.pem is not a PEM certificate"), "{err}");
    }
}
