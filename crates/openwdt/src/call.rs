//! `openwdt call`: one signed API call from the command line, through openwdt-client.

use std::io::IsTerminal;
use std::path::PathBuf;

use anyhow::{bail, Context};
use openwdt_client::api::flagship::Pager;
use openwdt_client::{EnterpriseClient, Error, FlagshipClient, Options};
use serde_json::{json, Value};

#[derive(clap::Args)]
pub struct CallArgs {
    /// `a.b.c` calls the flagship (wms.StockSpec.search); `name` or `name.php` the
    /// enterprise edition (stock_query).
    method: String,
    /// The arguments as JSON, or `@file` (`@-` for stdin). Flagship: the array of positional
    /// arguments, or one object taken as the only one (default `[{}]`). Enterprise: an
    /// object of parameters; objects and arrays in it are sent as JSON strings (default `{}`).
    input: Option<String>,
    /// Base URL of the server or the cloud.
    #[arg(long, env = "OPENWDT_URL")]
    url: Option<String>,
    #[arg(long, env = "OPENWDT_SID")]
    sid: Option<String>,
    /// Flagship `key` or enterprise `appkey`.
    #[arg(long, env = "OPENWDT_KEY")]
    key: Option<String>,
    /// Flagship `secret:salt` or enterprise `appsecret`. Prefer the environment or a
    /// profile: a flag shows in the process list.
    #[arg(long, env = "OPENWDT_SECRET", hide_env_values = true)]
    secret: Option<String>,
    /// A section of `<config dir>/openwdt/profiles.toml` (url, sid, key, secret); flags and
    /// the environment override it.
    #[arg(long, env = "OPENWDT_PROFILE")]
    profile: Option<String>,
    /// Flagship paging: page number from 0 (asks for `total` too).
    #[arg(long)]
    page_no: Option<u32>,
    /// Flagship paging: page size.
    #[arg(long)]
    page_size: Option<u32>,
    /// Seconds for the whole request.
    #[arg(long, default_value_t = 30)]
    timeout: u64,
    /// Print the signed request as a curl command instead of sending it (a flagship URL
    /// carries the salt, as the protocol does).
    #[arg(long)]
    dry_run: bool,
}

#[derive(serde::Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct Profile {
    url: Option<String>,
    sid: Option<String>,
    key: Option<String>,
    secret: Option<String>,
}

struct Creds {
    url: String,
    sid: String,
    key: String,
    secret: String,
}

/// Where `--profile` looks.
pub fn profiles_path() -> Option<PathBuf> {
    dirs::config_dir().map(|d| d.join("openwdt").join("profiles.toml"))
}

fn creds(a: &CallArgs) -> anyhow::Result<Creds> {
    let profile = match &a.profile {
        None => Profile::default(),
        Some(name) => {
            let path = profiles_path().context("no user config directory on this system")?;
            let text = std::fs::read_to_string(&path)
                .with_context(|| format!("reading profiles from {}", path.display()))?;
            let mut all: std::collections::BTreeMap<String, Profile> =
                toml::from_str(&text).with_context(|| format!("parsing {}", path.display()))?;
            all.remove(name)
                .with_context(|| format!("no profile [{name}] in {}", path.display()))?
        }
    };
    let pick = |flag: &Option<String>, from_profile: Option<String>, what: &str, env: &str| {
        flag.clone()
            .or(from_profile)
            .with_context(|| format!("missing {what}: give --{what}, set {env}, or use --profile"))
    };
    Ok(Creds {
        url: pick(&a.url, profile.url, "url", "OPENWDT_URL")?,
        sid: pick(&a.sid, profile.sid, "sid", "OPENWDT_SID")?,
        key: pick(&a.key, profile.key, "key", "OPENWDT_KEY")?,
        secret: pick(&a.secret, profile.secret, "secret", "OPENWDT_SECRET")?,
    })
}

fn input(a: &CallArgs) -> anyhow::Result<Option<Value>> {
    let Some(text) = &a.input else {
        return Ok(None);
    };
    let text = match text.strip_prefix('@') {
        Some("-") => std::io::read_to_string(std::io::stdin()).context("reading stdin")?,
        Some(path) => std::fs::read_to_string(path).with_context(|| format!("reading {path}"))?,
        None => text.clone(),
    };
    serde_json::from_str(&text)
        .map(Some)
        .context("the input is not JSON")
}

/// Flagship methods are dotted (`wms.StockSpec.search`); enterprise names are not.
fn is_flagship(method: &str) -> bool {
    !method.ends_with(".php") && method.contains('.')
}

/// Runs the call; the exit code is 0 on success, 1 on an API error (code and message on
/// stderr), 2 on anything else.
pub async fn run(a: CallArgs) -> i32 {
    match call(&a).await {
        Ok(None) => 0,
        Ok(Some(answer)) => {
            let out = if std::io::stdout().is_terminal() {
                serde_json::to_string_pretty(&answer)
            } else {
                serde_json::to_string(&answer)
            };
            println!("{}", out.unwrap_or_default());
            0
        }
        Err(e) => match e.downcast_ref::<Error>().and_then(Error::api) {
            Some(api) => {
                eprintln!("error {}: {}", api.code, api.message);
                if let Some(no) = &api.existing_no {
                    eprintln!("existing document: {no}");
                }
                1
            }
            None => {
                eprintln!("error: {e:#}");
                2
            }
        },
    }
}

/// The answer, or `None` when `--dry-run` printed the request instead.
async fn call(a: &CallArgs) -> anyhow::Result<Option<Value>> {
    let c = creds(a)?;
    let opts = Options {
        timeout: std::time::Duration::from_secs(a.timeout),
        ..Options::default()
    };
    let input = input(a)?;
    if is_flagship(&a.method) {
        let args = match input {
            None => vec![json!({})],
            Some(Value::Array(args)) => args,
            Some(one) => vec![one],
        };
        let pager = match (a.page_no, a.page_size) {
            (None, None) => None,
            (no, size) => Some(Pager::new(no.unwrap_or(0), size.unwrap_or(100))),
        };
        let wdt = FlagshipClient::with_options(&c.url, &c.sid, &c.key, &c.secret, opts)?;
        if a.dry_run {
            let req = wdt.prepare(&a.method, pager, &args);
            let url = reqwest::Url::parse_with_params(wdt.url(), &req.query)?;
            println!(
                "curl -sS -X POST {} -H 'Content-Type: application/json; charset=utf-8' --data-binary {}",
                quote(url.as_str()),
                quote(&req.body)
            );
            return Ok(None);
        }
        let r = wdt.reply(&a.method, pager, args).await?;
        let mut out = json!({"status": r.status});
        if let Some(t) = r.total {
            out["total"] = json!(t);
        }
        out["data"] = r.data;
        Ok(Some(out))
    } else {
        if a.page_no.is_some() || a.page_size.is_some() {
            bail!("--page-no/--page-size are flagship paging; enterprise endpoints take page_no and page_size among their parameters");
        }
        let params = match input {
            None => json!({}),
            Some(v @ Value::Object(_)) => v,
            Some(_) => bail!("enterprise parameters must be a JSON object"),
        };
        let wdt = EnterpriseClient::with_options(&c.url, &c.sid, &c.key, &c.secret, opts)?;
        if a.dry_run {
            let req = wdt.prepare(&a.method, &params)?;
            let fields: Vec<String> = req
                .fields
                .iter()
                .map(|(k, v)| format!("--data-urlencode {}", quote(&format!("{k}={v}"))))
                .collect();
            println!("curl -sS -X POST {} {}", quote(&req.url), fields.join(" "));
            return Ok(None);
        }
        let fields = wdt.call(&a.method, &params).await?;
        Ok(Some(openwdt_wire::enterprise::ok(fields)))
    }
}

/// Single-quoted for a POSIX shell.
fn quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', r"'\''"))
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_method_form_picks_the_edition() {
        assert!(super::is_flagship("wms.StockSpec.search"));
        assert!(!super::is_flagship("stock_query"));
        assert!(!super::is_flagship("stock_query.php"));
    }

    #[test]
    fn quotes_for_the_shell() {
        assert_eq!(super::quote("it's"), r"'it'\''s'");
    }
}
