//! The sending mailbox's own OAuth2 sign-in: the device authorization grant (RFC 8628) that
//! `hrpass mail login` runs, and the refresh (RFC 6749 §6) that turns the stored refresh token
//! into access tokens for XOAUTH2. The grant's rules (polling interval, `slow_down`, expiry)
//! are the `oauth2` crate's; this module picks the provider's endpoints, bounds every answer,
//! and says in plain words what a refusal means. Tokens are only ever held as secrets.

use crate::config::{Provider, Smtp};
use anyhow::{Context, Result, bail};
use oauth2::basic::{BasicClient, BasicErrorResponseType};
use oauth2::{
    AuthType, ClientId, ClientSecret, DeviceAuthorizationUrl, DeviceCodeErrorResponseType,
    EndpointNotSet, EndpointSet, RefreshToken, RequestTokenError, Scope,
    StandardDeviceAuthorizationResponse, TokenResponse, TokenUrl,
};
use secrecy::{ExposeSecret, SecretString};
use std::time::Duration;

/// The most an endpoint's answer may be (a token response is a few KiB).
const MAX_RESPONSE_BYTES: u64 = 64 * 1024;
/// The longest sign-in `mail login` waits for, whatever the provider offers.
const MAX_LOGIN_WAIT: Duration = Duration::from_secs(30 * 60);

/// Where and as whom the mailbox signs in.
#[derive(Debug, Clone)]
pub struct Endpoints {
    pub provider: Provider,
    pub client_id: String,
    client_secret: Option<SecretString>,
    device_url: String,
    token_url: String,
    scopes: Vec<&'static str>,
    timeout: Duration,
}

type Oauth = BasicClient<EndpointNotSet, EndpointSet, EndpointNotSet, EndpointNotSet, EndpointSet>;

impl Endpoints {
    /// The endpoints `[smtp]` names: the provider's, or `device_authorization_url` and
    /// `token_url` where set (a national cloud, or a local stand-in for tests).
    pub fn from_config(smtp: &Smtp) -> Result<Endpoints> {
        let client_id = smtp
            .client_id
            .clone()
            .filter(|c| !c.trim().is_empty())
            .context(
                "[smtp] client_id is not set: the application (client) id registered for hrpass \
                 with the provider (README: \"Mail sign-in\")",
            )?;
        let (device, token, scopes): (String, String, Vec<&'static str>) = match smtp.provider {
            Provider::Microsoft365 => {
                let tenant = smtp.tenant.as_deref().unwrap_or("organizations");
                if tenant.is_empty()
                    || !tenant
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || "-.".contains(c))
                {
                    bail!(
                        "[smtp] tenant = {:?} is not a tenant id or domain",
                        crate::text::escape_line(tenant)
                    );
                }
                let base = format!("https://login.microsoftonline.com/{tenant}/oauth2/v2.0");
                (
                    format!("{base}/devicecode"),
                    format!("{base}/token"),
                    vec!["https://outlook.office.com/SMTP.Send", "offline_access"],
                )
            }
            Provider::Google => (
                "https://oauth2.googleapis.com/device/code".into(),
                "https://oauth2.googleapis.com/token".into(),
                vec!["https://mail.google.com/"],
            ),
            Provider::Custom => bail!(
                "hrpass mail login signs in to provider = \"microsoft365\" or \"google\"; for \
                 another server set token_command, a command that prints an access token"
            ),
        };
        let device = smtp.device_authorization_url.clone().unwrap_or(device);
        let token = smtp.token_url.clone().unwrap_or(token);
        for (key, url) in [("device_authorization_url", &device), ("token_url", &token)] {
            check_url(key, url)?;
        }
        let client_secret = match &smtp.client_secret_env {
            None => None,
            Some(var) => Some(SecretString::from(std::env::var(var).with_context(
                || format!("[smtp] client_secret_env names {var}, which is not set"),
            )?)),
        };
        Ok(Endpoints {
            provider: smtp.provider,
            client_id,
            client_secret,
            device_url: device,
            token_url: token,
            scopes,
            timeout: Duration::from_secs(smtp.timeout_secs.max(1)),
        })
    }

    fn client(&self) -> Result<Oauth> {
        let mut client = BasicClient::new(ClientId::new(self.client_id.clone()))
            .set_auth_type(AuthType::RequestBody)
            .set_device_authorization_url(DeviceAuthorizationUrl::new(self.device_url.clone())?)
            .set_token_uri(TokenUrl::new(self.token_url.clone())?);
        if let Some(secret) = &self.client_secret {
            client = client.set_client_secret(ClientSecret::new(secret.expose_secret().into()));
        }
        Ok(client)
    }

    fn agent(&self) -> ureq::Agent {
        ureq::Agent::config_builder()
            .http_status_as_error(false)
            .max_redirects(0)
            .timeout_global(Some(self.timeout))
            .max_response_header_size(16 * 1024)
            .build()
            .into()
    }

    /// The token endpoint's host, for messages.
    pub fn token_host(&self) -> String {
        oauth2::url::Url::parse(&self.token_url)
            .ok()
            .and_then(|u| u.host_str().map(str::to_owned))
            .unwrap_or_default()
    }
}

/// An endpoint is HTTPS, or plain HTTP to a loopback address (a local stand-in).
fn check_url(key: &str, url: &str) -> Result<()> {
    let shown = crate::text::escape_line(url);
    let parsed = oauth2::url::Url::parse(url).ok();
    let Some(host) = parsed.as_ref().and_then(|u| u.host()) else {
        bail!("[smtp] {key} = \"{shown}\" is not an http(s) URL");
    };
    let loopback = match host {
        oauth2::url::Host::Ipv4(ip) => ip.is_loopback(),
        oauth2::url::Host::Ipv6(ip) => ip.is_loopback(),
        oauth2::url::Host::Domain(name) => crate::tls::is_loopback(name, 80),
    };
    match parsed.as_ref().map(oauth2::url::Url::scheme) {
        Some("https") => Ok(()),
        Some("http") if loopback => Ok(()),
        Some("http") => bail!(
            "[smtp] {key} = \"{shown}\" must use https:// (plain http only to a loopback address)"
        ),
        _ => bail!("[smtp] {key} = \"{shown}\" is not an http(s) URL"),
    }
}

/// Why an endpoint could not be used.
#[derive(Debug, thiserror::Error)]
pub enum HttpError {
    #[error("{0}")]
    Transport(String),
    #[error("the answer is larger than {} KiB", MAX_RESPONSE_BYTES / 1024)]
    TooLarge,
}

/// One request through `agent`, its answer read to at most `MAX_RESPONSE_BYTES`.
fn call(
    agent: &ureq::Agent,
    request: oauth2::HttpRequest,
) -> Result<oauth2::HttpResponse, HttpError> {
    let mut response = agent
        .run(request)
        .map_err(|e| HttpError::Transport(e.to_string()))?;
    let body = response
        .body_mut()
        .with_config()
        .limit(MAX_RESPONSE_BYTES)
        .read_to_vec()
        .map_err(|e| match e {
            ureq::Error::BodyExceedsLimit(_) => HttpError::TooLarge,
            other => HttpError::Transport(other.to_string()),
        })?;
    let (parts, _) = response.into_parts();
    Ok(http::Response::from_parts(parts, body))
}

/// What `mail login` shows the person signing in.
#[derive(Debug, Clone)]
pub struct DeviceCode {
    pub user_code: String,
    pub verification_uri: String,
    pub verification_uri_complete: Option<String>,
    pub expires_in: Duration,
}

/// A fresh sign-in.
pub struct Tokens {
    pub access: SecretString,
    pub refresh: SecretString,
    pub expires_in: Option<Duration>,
}

/// Runs the device authorization grant: asks for a code, hands it to `show`, and polls the
/// token endpoint (at the interval the provider sets, 5 s slower after each `slow_down`)
/// until the person has signed in, refused, or the code has expired.
pub fn device_login(endpoints: &Endpoints, show: &mut dyn FnMut(&DeviceCode)) -> Result<Tokens> {
    let client = endpoints.client()?;
    let agent = endpoints.agent();
    let http = |request| call(&agent, request);
    let provider = endpoints.provider.name();
    let mut request = client.exchange_device_code();
    for scope in &endpoints.scopes {
        request = request.add_scope(Scope::new((*scope).into()));
    }
    let details: StandardDeviceAuthorizationResponse = request
        .request(&http)
        .map_err(|e| explain(&e, endpoints, "asking for a sign-in code"))?;
    let wait = details.expires_in().min(MAX_LOGIN_WAIT);
    show(&DeviceCode {
        user_code: details.user_code().secret().clone(),
        verification_uri: details.verification_uri().to_string(),
        verification_uri_complete: details
            .verification_uri_complete()
            .map(|u| u.secret().clone()),
        expires_in: wait,
    });
    let token = client
        .exchange_device_access_token(&details)
        .request(&http, std::thread::sleep, Some(wait))
        .map_err(|e| match &e {
            RequestTokenError::ServerResponse(r) => match r.error() {
                DeviceCodeErrorResponseType::AccessDenied => anyhow::anyhow!(
                    "the sign-in was declined at {provider}: nothing was stored; run \
                     `hrpass mail login` again to sign in"
                ),
                DeviceCodeErrorResponseType::ExpiredToken => anyhow::anyhow!(
                    "the code expired before the sign-in was finished (it was valid for {} \
                     minutes): nothing was stored; run `hrpass mail login` again",
                    wait.as_secs().div_ceil(60)
                ),
                _ => explain(&e, endpoints, "waiting for the sign-in"),
            },
            _ => explain(&e, endpoints, "waiting for the sign-in"),
        })?;
    let refresh = token.refresh_token().with_context(|| {
        format!(
            "{provider} signed in but gave no refresh token, so hrpass could send only for an \
             hour: check that the app registration allows offline access"
        )
    })?;
    Ok(Tokens {
        access: SecretString::from(token.access_token().secret().clone()),
        refresh: SecretString::from(refresh.secret().clone()),
        expires_in: token.expires_in(),
    })
}

/// An access token from a refresh, and the refresh token that replaces the old one when the
/// provider rotated it.
pub struct Refreshed {
    pub access: SecretString,
    pub expires_in: Option<Duration>,
    pub rotated: Option<SecretString>,
}

/// Why a refresh failed: the stored sign-in no longer works (sign in again), or the provider
/// could not be asked now (try later).
#[derive(Debug, thiserror::Error)]
pub enum RefreshError {
    #[error("{0}")]
    SignInAgain(String),
    #[error("{0}")]
    Unavailable(String),
}

/// Trades the refresh token for an access token.
pub fn refresh(endpoints: &Endpoints, token: &SecretString) -> Result<Refreshed, RefreshError> {
    let client = endpoints
        .client()
        .map_err(|e| RefreshError::SignInAgain(format!("{e:#}")))?;
    let agent = endpoints.agent();
    let http = |request| call(&agent, request);
    let refresh = RefreshToken::new(token.expose_secret().to_owned());
    let answer = client.exchange_refresh_token(&refresh).request(&http);
    let token = match answer {
        Ok(token) => token,
        Err(RequestTokenError::ServerResponse(r))
            if matches!(
                r.error(),
                BasicErrorResponseType::InvalidGrant | BasicErrorResponseType::InvalidClient
            ) =>
        {
            return Err(RefreshError::SignInAgain(format!(
                "{} no longer accepts the stored mail sign-in ({}): run `hrpass mail login` \
                 again, then `hrpass outbox retry` sends what is queued",
                endpoints.provider.name(),
                described(
                    r.error().as_ref(),
                    r.error_description().map(String::as_str)
                ),
            )));
        }
        Err(e @ RequestTokenError::ServerResponse(_)) => {
            return Err(RefreshError::SignInAgain(format!(
                "{:#}",
                explain(&e, endpoints, "refreshing the access token")
            )));
        }
        Err(e) => {
            return Err(RefreshError::Unavailable(format!(
                "{:#}",
                explain(&e, endpoints, "refreshing the access token")
            )));
        }
    };
    Ok(Refreshed {
        access: SecretString::from(token.access_token().secret().clone()),
        expires_in: token.expires_in(),
        rotated: token
            .refresh_token()
            .filter(|new| new.secret() != refresh.secret())
            .map(|new| SecretString::from(new.secret().clone())),
    })
}

/// An OAuth2 error code with the provider's description, escaped and cut short.
fn described(code: &str, description: Option<&str>) -> String {
    let code = crate::text::escape_line(code);
    match description {
        Some(d) => {
            let d: String = crate::text::escape_line(d).chars().take(300).collect();
            format!("{code}: {d}")
        }
        None => code.into_owned(),
    }
}

/// A failed request in plain words. The raw answer is never shown (it may hold a token).
fn explain<RE, T>(e: &RequestTokenError<RE, T>, endpoints: &Endpoints, doing: &str) -> anyhow::Error
where
    RE: std::error::Error + 'static,
    T: oauth2::ErrorResponse + 'static,
{
    let host = endpoints.token_host();
    match e {
        RequestTokenError::ServerResponse(r) => {
            // The standard error responses serialise as {"error": …, "error_description": …}.
            let json = serde_json::to_value(r).unwrap_or_default();
            let code = json["error"].as_str().unwrap_or("error");
            let description = json["error_description"].as_str();
            let advice = match code {
                "invalid_client" | "unauthorized_client" => {
                    " ([smtp] client_id must be an app registered for the device code flow; \
                     Google's also needs client_secret_env)"
                }
                "invalid_scope" => {
                    " (the app registration must be allowed the SMTP sending scope; see README)"
                }
                _ => "",
            };
            anyhow::anyhow!(
                "{host} refused {doing}: {}{advice}",
                described(code, description)
            )
        }
        RequestTokenError::Request(inner) => {
            anyhow::anyhow!(
                "{doing}: cannot reach {host}: {}",
                crate::text::escape_line(&inner.to_string())
            )
        }
        RequestTokenError::Parse(..) => {
            anyhow::anyhow!("{doing}: {host} answered with something that is not OAuth2 JSON")
        }
        RequestTokenError::Other(why) => {
            anyhow::anyhow!("{doing}: {}", crate::text::escape_line(why))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn smtp(provider: Provider) -> Smtp {
        Smtp {
            provider,
            client_id: Some("00000000-aaaa".into()),
            ..Smtp::default()
        }
    }

    #[test]
    fn microsoft_endpoints_name_the_tenant_and_ask_for_smtp_and_offline_access() {
        let mut config = smtp(Provider::Microsoft365);
        config.tenant = Some("contoso.onmicrosoft.com".into());
        let e = Endpoints::from_config(&config).unwrap();
        assert_eq!(
            e.token_url,
            "https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/token"
        );
        assert!(e.scopes.contains(&"offline_access"));
        config.tenant = Some("x/../evil".into());
        assert!(Endpoints::from_config(&config).is_err());
    }

    #[test]
    fn endpoints_are_https_or_loopback_http() {
        let mut config = smtp(Provider::Google);
        config.token_url = Some("http://127.0.0.1:9/token".into());
        assert!(Endpoints::from_config(&config).is_ok());
        config.token_url = Some("http://[::1]:9/token".into());
        assert!(Endpoints::from_config(&config).is_ok());
        config.token_url = Some("http://auth.example.com/token".into());
        let err = Endpoints::from_config(&config).unwrap_err().to_string();
        assert!(err.contains("must use https://"), "{err}");
        config.token_url = Some("ftp://x".into());
        assert!(Endpoints::from_config(&config).is_err());
        config.token_url = Some("not a url".into());
        assert!(Endpoints::from_config(&config).is_err());
        config.token_url = None;
        config.client_id = None;
        let err = Endpoints::from_config(&config).unwrap_err().to_string();
        assert!(err.contains("client_id"), "{err}");
        assert!(Endpoints::from_config(&smtp(Provider::Custom)).is_err());
    }
}
