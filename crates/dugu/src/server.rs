//! `dugu serve` and `dugu demo`: open (or create) the site's database,
//! make sure it has its sites and an administrator, and serve.

use crate::config::Config;
use anyhow::Context as _;
use dugu_domain::Role;
use dugu_storage::reads::*;
use dugu_storage::writes::RegistrationWrites;
use dugu_storage::{NewUser, Store};
use dugu_web::{AppState, WebConfig};

/// What `dugu demo` adds on an empty database.
pub struct Demo {
    /// The password of every demo account.
    pub password: String,
}

/// The demo password when none is given.
pub const DEFAULT_DEMO_PASSWORD: &str = "dugu-demo-2026";

/// Prepares the database, then serves until Ctrl-C or SIGTERM.
pub fn run(config: Config, demo: Option<Demo>, sync_every: u64) -> anyhow::Result<()> {
    // Bad backup settings stop the server before it serves anyone.
    let nightly = crate::backup::nightly::Nightly::from_config(&config)?;
    std::fs::create_dir_all(&config.data).with_context(|| format!("cannot create {}", config.data.display()))?;
    let _lock = match crate::data_lock::hold(&config.data) {
        Ok(lock) => lock,
        Err(crate::data_lock::NotLocked::Busy) => {
            anyhow::bail!("another dugu is already serving or syncing {}", config.data.display())
        }
        Err(crate::data_lock::NotLocked::Io(e)) => {
            return Err(e).with_context(|| format!("cannot lock {}", config.data.display()));
        }
    };
    let store =
        Store::open(&config.data).with_context(|| format!("cannot open the database in {}", config.data.display()))?;
    prepare(&store, demo.as_ref())?;
    if sync_every > 0 {
        crate::sync_round::every(store.clone(), &config.data, std::time::Duration::from_secs(sync_every));
    }
    let web = WebConfig {
        demo: demo.is_some(),
        secure_cookies: config.secure_cookies,
        second_factor_roles: config.second_factor_roles.clone(),
        ..WebConfig::default()
    };
    let backups = nightly.map(|n| (store.clone(), n));
    let state = AppState::new(store, web)?;
    let runtime =
        tokio::runtime::Builder::new_multi_thread().enable_all().build().context("cannot start the async runtime")?;
    runtime.block_on(async move {
        if let Some((store, nightly)) = backups {
            tokio::spawn(crate::backup::nightly::run(store, nightly));
        }
        let listener = tokio::net::TcpListener::bind(&config.listen)
            .await
            .with_context(|| format!("cannot listen on {}", config.listen))?;
        let addr = listener.local_addr()?;
        println!("dugu is listening on http://{addr}/");
        tracing::info!(listen = %addr, data = %config.data.display(), "serving");
        dugu_web::serve(listener, state, shutdown_signal()).await.context("server failed")
    })
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! { _ = ctrl_c => {}, _ = term => {} }
}

/// First start: the Mali sites, an administrator, and (for the demo) the
/// demo accounts and people.
pub fn prepare(store: &Store, demo: Option<&Demo>) -> anyhow::Result<()> {
    if store.is_empty()? {
        store.write(|tx| dugu_demo::seed_sites(tx).map(|_| ()))?;
        println!("dugu: created the locations and programmes of SOS Children's Villages Mali.");
    }
    // An enrolled site's accounts are the hub's: one made here would be
    // this site's alone, and refused by the hub.
    let enrolled = store.site_link()?.is_some();
    if !enrolled && !store.has_users()? {
        let (password, shown) = match (demo, std::env::var("DUGU_ADMIN_PASSWORD").ok()) {
            (Some(d), _) => (d.password.clone(), false),
            (None, Some(p)) => (p, false),
            (None, None) => (dugu_web::one_time_password(), true),
        };
        dugu_domain::password::check_new(&password, "admin").map_err(|p| {
            anyhow::anyhow!(
                "the administrator password is not acceptable ({}): use at least 12 characters, not a common password",
                p.code()
            )
        })?;
        let hash = dugu_web::hash_password(&password)?;
        store.write(move |tx| {
            tx.create_user(
                None,
                &NewUser {
                    username: "admin".into(),
                    display_name: "Administrateur".into(),
                    role: Role::Administrator,
                    password_hash: hash,
                    language: "fr".into(),
                    location_ids: Vec::new(),
                },
            )
        })?;
        if shown {
            println!(
                "dugu: created the administrator account `admin` with this one-time password (it is not stored anywhere; note it now):"
            );
            println!("    {password}");
        } else {
            println!("dugu: created the administrator account `admin`.");
        }
    }
    if let Some(d) = demo
        && !enrolled
    {
        seed_demo(store, &d.password)?;
    }
    Ok(())
}

fn seed_demo(store: &Store, password: &str) -> anyhow::Result<()> {
    if store.has_people()? {
        return Ok(());
    }
    let sites = dugu_demo::Sites { ids: store.location_codes()?.into_iter().collect() };
    let admin = store.user_by_username("admin")?.context("the administrator account is missing")?;
    // Hash on both cores: each account gets its own salt, and 46 MiB Argon2
    // takes a moment.
    let users = dugu_demo::demo_users();
    // A hash that failed, or a thread that died, stops the seeding: an
    // empty hash must never be stored.
    let hashes: Vec<String> = std::thread::scope(|s| {
        let handles: Vec<_> = users.iter().map(|_| s.spawn(|| dugu_web::hash_password(password))).collect();
        handles
            .into_iter()
            .map(|h| h.join().map_err(|_| anyhow::anyhow!("a hashing thread failed"))?.map_err(anyhow::Error::from))
            .collect::<anyhow::Result<Vec<String>>>()
    })?;
    let year = time_year();
    let summary = store.write(move |tx| {
        for (u, hash) in dugu_demo::demo_users().iter().zip(hashes) {
            if tx.username_taken(u.username)? {
                continue;
            }
            let location_ids = match u.site {
                Some(code) => vec![sites.id(code)?.to_string()],
                None => Vec::new(),
            };
            tx.create_user(
                None,
                &NewUser {
                    username: u.username.into(),
                    display_name: u.display_name.into(),
                    role: u.role,
                    password_hash: hash,
                    language: "fr".into(),
                    location_ids,
                },
            )?;
        }
        let summary = dugu_demo::seed_demo(tx, &sites, &admin.id, year)?;
        let relief = dugu_demo::relief::seed_relief(tx, &sites, &admin.id, time::OffsetDateTime::now_utc().date())?;
        Ok((summary, relief))
    })?;
    let (summary, relief) = summary;
    // Families registered again at the other site go through the officer's
    // own command, so the linkage finds them as it would at the desk and
    // the supervisor's queue holds real pairs.
    if let Some(officer) = store.user_by_username("relief.mopti")?
        && let Some(officer) = store.principal_of(&officer.id)?
    {
        for input in relief.again.clone() {
            store.register_displaced(&officer, input)?;
        }
    }
    println!(
        "dugu: demo data created: {} children, {} adults, {} households (fictional). Demo users share the password `{password}`:",
        summary.children, summary.adults, summary.households
    );
    println!(
        "dugu: demo relief: {} people in {} households at Mopti's two sites and Khouloum, {} of them registered again at the other site (pairs for the supervisor's review), {} entitlements, {} receipts.",
        relief.people, relief.households, relief.registered_twice, relief.entitlements, relief.receipts
    );
    for u in dugu_demo::demo_users() {
        println!("    {:<22} {}", u.username, u.role.code());
    }
    Ok(())
}

fn time_year() -> i32 {
    // Days since the epoch to a year is enough here; avoid a date crate in
    // the binary for one number.
    let days = dugu_storage::now_millis() / 86_400_000;
    (1970.0 + days as f64 / 365.2425).floor() as i32
}
