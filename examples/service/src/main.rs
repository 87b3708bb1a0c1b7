//! A tiny JSON-over-HTTP service: `GET /` says hello, `GET /health` reports
//! status, anything else is a 404. `--once` answers one request and exits,
//! which the tests use.

use clap::Parser;
use hyper::service::{make_service_fn, service_fn};
use hyper::{Body, Request, Response, Server, StatusCode};
use serde::Serialize;
use std::convert::Infallible;
use std::net::SocketAddr;

/// The greeting the service answers with. Tests change it to prove that an
/// edit rebuilds only this crate.
const GREETING: &str = "hello from heirloom";

#[derive(Parser, Debug)]
#[command(version, about = "heirloom's example service")]
struct Args {
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1:8080")]
    listen: SocketAddr,
    /// Print the greeting as JSON and exit instead of serving.
    #[arg(long)]
    print: bool,
}

#[derive(Serialize)]
struct Reply<'a> {
    message: &'a str,
    path: String,
}

fn reply(path: &str) -> (StatusCode, String) {
    let status = match path {
        "/" | "/health" => StatusCode::OK,
        _ => StatusCode::NOT_FOUND,
    };
    let body = Reply { message: if path == "/health" { "ok" } else { GREETING }, path: path.to_string() };
    (status, serde_json::to_string(&body).expect("a reply always serializes"))
}

async fn handle(req: Request<Body>) -> Result<Response<Body>, Infallible> {
    let (status, body) = reply(req.uri().path());
    Ok(Response::builder()
        .status(status)
        .header("content-type", "application/json")
        .body(Body::from(body))
        .expect("a static response is valid"))
}

#[tokio::main]
async fn main() {
    let args = Args::parse();
    if args.print {
        println!("{}", reply("/").1);
        return;
    }
    let make = make_service_fn(|_conn| async { Ok::<_, Infallible>(service_fn(handle)) });
    let server = Server::bind(&args.listen).serve(make);
    eprintln!("listening on http://{}", args.listen);
    let graceful = server.with_graceful_shutdown(async {
        let _ = tokio::signal::ctrl_c().await;
    });
    if let Err(e) = graceful.await {
        eprintln!("server error: {e}");
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
    fn unknown_is_404() {
        assert_eq!(reply("/nope").0, StatusCode::NOT_FOUND);
    }
}
