//! A small JSON-over-HTTP service: `GET /` says hello (`?name=` greets by
//! name), `GET /health` reports status and uptime, anything else is a 404.
//! Every reply carries a request id and an ETag of its body. `--print`
//! prints the reply to `GET /` and exits, which the tests use; `--config`
//! reads the listen address from a TOML file.

use clap::Parser;
use hyper::service::{make_service_fn, service_fn};
use hyper::{Body, Request, Response, Server, StatusCode};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::convert::Infallible;
use std::net::SocketAddr;
use std::path::PathBuf;
use tracing::info;

/// The greeting the service answers with. Tests change it to prove that an
/// edit rebuilds only this crate.
const GREETING: &str = "hello from heirloom";

#[derive(Parser, Debug)]
#[command(version, about = "heirloom's example service")]
struct Args {
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1:8080")]
    listen: SocketAddr,
    /// A TOML file with `listen = "ADDR"`, overriding --listen.
    #[arg(long)]
    config: Option<PathBuf>,
    /// Print the reply to `GET /` as JSON and exit instead of serving.
    #[arg(long)]
    print: bool,
}

#[derive(Deserialize)]
struct Config {
    listen: SocketAddr,
}

#[derive(Serialize)]
struct Reply {
    message: String,
    path: String,
    time: String,
}

fn reply(uri: &str) -> (StatusCode, String) {
    let url = url::Url::parse("http://service.invalid").and_then(|base| base.join(uri));
    let (path, name) = match &url {
        Ok(u) => (u.path().to_string(), u.query_pairs().find(|(k, _)| k == "name").map(|(_, v)| v.into_owned())),
        Err(_) => (uri.to_string(), None),
    };
    let (status, message) = match path.as_str() {
        "/" => (StatusCode::OK, match name {
            Some(n) => format!("{GREETING}, {n}"),
            None => GREETING.to_string(),
        }),
        "/health" => (StatusCode::OK, "ok".to_string()),
        _ => (StatusCode::NOT_FOUND, "not found".to_string()),
    };
    let time = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    let body = Reply { message, path, time };
    (status, serde_json::to_string(&body).expect("a reply always serializes"))
}

fn etag(body: &str) -> String {
    let digest = Sha256::digest(body.as_bytes());
    format!("\"{}\"", digest.iter().take(8).map(|b| format!("{b:02x}")).collect::<String>())
}

async fn handle(req: Request<Body>) -> Result<Response<Body>, Infallible> {
    let id = uuid::Uuid::new_v4();
    let uri = req.uri().to_string();
    let (status, body) = reply(&uri);
    info!(%id, %uri, status = status.as_u16(), "request");
    Ok(Response::builder()
        .status(status)
        .header("content-type", "application/json")
        .header("etag", etag(&body))
        .header("x-request-id", id.to_string())
        .body(Body::from(body))
        .expect("a static response is valid"))
}

fn listen_address(args: &Args) -> Result<SocketAddr, String> {
    let path = match &args.config {
        Some(path) => path,
        None => return Ok(args.listen),
    };
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let config: Config = toml::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
    Ok(config.listen)
}

#[tokio::main]
async fn main() {
    let args = Args::parse();
    if args.print {
        println!("{}", reply("/").1);
        return;
    }
    tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::from_default_env().add_directive("info".parse().expect("a valid directive")))
        .init();
    let listen = listen_address(&args).unwrap_or_else(|e| {
        eprintln!("service: {e}");
        std::process::exit(2);
    });
    let make = make_service_fn(|_conn| async { Ok::<_, Infallible>(service_fn(handle)) });
    let server = match Server::try_bind(&listen) {
        Ok(builder) => builder.serve(make),
        Err(e) => {
            eprintln!("service: cannot listen on {listen}: {e}");
            std::process::exit(1);
        }
    };
    info!("listening on http://{listen}");
    let graceful = server.with_graceful_shutdown(async {
        let _ = tokio::signal::ctrl_c().await;
    });
    if let Err(e) = graceful.await {
        eprintln!("service: {e}");
        std::process::exit(1);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn root_greets() {
        let (status, body) = reply("/");
        assert_eq!(status, StatusCode::OK);
        assert!(body.contains(GREETING));
    }

    #[test]
    fn greets_by_name() {
        let (_, body) = reply("/?name=Ada%20L");
        assert!(body.contains(&format!("{GREETING}, Ada L")), "{body}");
    }

    #[test]
    fn unknown_is_404() {
        assert_eq!(reply("/nope").0, StatusCode::NOT_FOUND);
    }

    #[test]
    fn etag_depends_on_body() {
        assert_ne!(etag("a"), etag("b"));
        assert_eq!(etag("a").len(), 18);
    }
}
