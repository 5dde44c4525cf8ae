//! `POST /api/v1/login` and `POST /api/v1/logout`.

use super::login::{Checked, check_credentials, code_ok, needs_second_factor, start_session};
use crate::api::json::{Body, JsonBody};
use crate::api::me;
use crate::error::ApiError;
use crate::session::{Current, blocking};
use crate::state::AppState;
use axum::extract::{ConnectInfo, State};
use axum::http::StatusCode;
use axum::{Extension, Json};
use dugu_storage::SessionKind;
use std::net::SocketAddr;

/// A sign-in request.
#[derive(Default, serde::Deserialize, utoipa::ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct LoginRequest {
    /// Login name.
    #[schema(required = true)]
    username: String,
    /// Password.
    #[schema(required = true)]
    password: String,
    /// Current TOTP code, for users with a second factor.
    totp: Option<String>,
}

/// A bearer token.
#[derive(serde::Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TokenResponse {
    /// Send as `Authorization: Bearer <token>`. Ends after 30 minutes idle
    /// or 12 hours, or when the password or second factor changes.
    pub token: String,
}

/// Signs in and returns a bearer token.
#[utoipa::path(post, path = "/api/v1/login", request_body = LoginRequest,
    responses((status = 200, body = TokenResponse), (status = 401, description = "Wrong credentials (no hint which)"), (status = 429, description = "Too many attempts")))]
pub async fn login(
    State(state): State<AppState>,
    ConnectInfo(addr): ConnectInfo<SocketAddr>,
    body: JsonBody,
) -> Result<Json<TokenResponse>, ApiError> {
    let w = Body::<LoginRequest>::read(&body)?.finish()?;
    let (username, password, code) = (w.username, w.password, w.totp.unwrap_or_default());
    let addr = addr.ip().to_string();
    let user = match check_credentials(&state, &username, &password, &addr).await? {
        Checked::Ok(u) => u,
        Checked::Refused => return Err(ApiError::Unauthenticated),
        Checked::Throttled => return Err(ApiError::TooManyAttempts),
    };
    if needs_second_factor(&state, &user) {
        // A factor that is required but not enrolled is enrolled in the
        // browser first; the API never says which part was missing.
        let Some(secret) = user.totp_secret.clone() else {
            return Err(ApiError::Unauthenticated);
        };
        if code_ok(&state, &user.id, &secret, &code).await?.is_none() {
            state.throttle.failed(&username, &addr, state.clock.now());
            return Err(ApiError::Unauthenticated);
        }
    }
    let token = start_session(&state, &user, SessionKind::Api, true).await?;
    Ok(Json(TokenResponse { token }))
}

/// Ends the caller's token.
#[utoipa::path(post, path = "/api/v1/logout", responses((status = 204)), security(("bearer" = [])))]
pub async fn logout(
    State(state): State<AppState>,
    current: Option<Extension<Current>>,
) -> Result<StatusCode, ApiError> {
    let me = me(current)?;
    let h = me.session.token_hash.clone();
    blocking(move || state.store.end_session(&h)).await??;
    Ok(StatusCode::NO_CONTENT)
}
