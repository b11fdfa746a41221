//! Where the generated code finds `axum-strict-cors`: `crate = path` if given, else the name under
//! which the user's `Cargo.toml` depends on it: `axum-strict-cors` itself, a rename such as
//! `cors = { package = "axum-strict-cors" }`, or a rename inherited from the workspace
//! (`cors.workspace = true` in the member, `[workspace.dependencies] cors = { package =
//! "axum-strict-cors", .. }` in the workspace's manifest). A proc macro cannot otherwise see a
//! rename, so the manifests are read; a change to them rebuilds the crate anyway. When the
//! manifest can be read and names no such dependency, the error says to write `crate = ...`.
//!
//! The manifests are scanned line by line for the few forms that declare a dependency. The
//! `proc-macro-crate` crate does the same with a full TOML parser (`toml_edit`), which would
//! nearly double the CPU time of the macro crate's clean build and also spawns `cargo
//! locate-project` from the macro; the forms Cargo accepts for a dependency are few.

use std::path::{Path, PathBuf};

use proc_macro2::{Ident, Span, TokenStream};
use quote::{quote, ToTokens};

const PACKAGE: &str = "axum-strict-cors";

/// The path to use in generated code, or the error to report when `axum-strict-cors` is not a
/// dependency of the crate being compiled.
pub fn path(explicit: Option<syn::Path>) -> Result<TokenStream, syn::Error> {
    if let Some(path) = explicit {
        return Ok(path.to_token_stream());
    }
    match std::env::var_os("CARGO_MANIFEST_DIR") {
        Some(dir) => found_in(Path::new(&dir)),
        // Not built by Cargo: nothing to read, assume the usual name.
        None => Ok(quote!(::axum_strict_cors)),
    }
}

/// The path for the crate whose manifest is in `dir`.
fn found_in(dir: &Path) -> Result<TokenStream, syn::Error> {
    match locate(dir) {
        Located::Direct | Located::Unknown => Ok(quote!(::axum_strict_cors)),
        Located::Renamed(name) => {
            let ident = Ident::new(&name, Span::call_site());
            Ok(quote!(::#ident))
        }
        Located::NotFound(manifest) => Err(syn::Error::new(
            Span::call_site(),
            format!(
                "#[cors] cannot find `axum-strict-cors` among the dependencies in `{}`; if it is reachable under another path (re-exported by another crate), write that path as `#[cors(crate = path::to::axum_strict_cors, ...)]`",
                manifest.display()
            ),
        )),
    }
}

/// How the crate whose manifest is in `dir` reaches `axum-strict-cors`.
#[derive(Debug, PartialEq, Eq)]
enum Located {
    /// As `axum_strict_cors` (also when the crate is `axum-strict-cors` itself: its doc tests).
    Direct,
    /// Under this crate name.
    Renamed(String),
    /// The manifest names no dependency on `axum-strict-cors`.
    NotFound(PathBuf),
    /// The manifest could not be read.
    Unknown,
}

fn locate(dir: &Path) -> Located {
    let manifest_path = dir.join("Cargo.toml");
    let Ok(manifest) = std::fs::read_to_string(&manifest_path) else {
        return Located::Unknown;
    };
    let workspace = || workspace_manifest(dir, &manifest);
    resolve(&manifest, workspace).unwrap_or(Located::NotFound(manifest_path))
}

/// The manifest of the workspace that `dir`'s package belongs to: its own if it has a
/// `[workspace]`, else the nearest one above it that does.
fn workspace_manifest(dir: &Path, own: &str) -> Option<String> {
    if declares_workspace(own) {
        return Some(own.to_string());
    }
    dir.ancestors()
        .skip(1)
        .filter_map(|d| std::fs::read_to_string(d.join("Cargo.toml")).ok())
        .find(|m| declares_workspace(m))
}

fn declares_workspace(manifest: &str) -> bool {
    manifest
        .lines()
        .filter_map(header)
        .any(|h| h == "workspace" || h.starts_with("workspace."))
}

/// `Some(Direct | Renamed)` if `manifest` depends on `axum-strict-cors`, `None` if it does not.
/// `workspace` gives the workspace's manifest, read only for inherited dependencies.
fn resolve(manifest: &str, workspace: impl Fn() -> Option<String>) -> Option<Located> {
    let deps = dependencies(manifest);
    // A package's normal dependencies first: they are what its library code sees.
    for kind in [Kind::Normal, Kind::Dev, Kind::Build] {
        for dep in deps.iter().filter(|d| d.kind == kind) {
            let package = match (dep.workspace, &dep.package) {
                (true, _) => workspace_package(&workspace()?, &dep.key),
                (false, Some(package)) => package.clone(),
                (false, None) => dep.key.clone(),
            };
            if package == PACKAGE {
                return Some(match crate_name(&dep.key) {
                    Some(name) => Located::Renamed(name),
                    None => Located::Direct,
                });
            }
        }
    }
    let this_package = table_pairs(manifest, "package")
        .into_iter()
        .any(|(key, value)| key == "name" && unquote(&value) == PACKAGE);
    this_package.then_some(Located::Direct)
}

/// The package that `[workspace.dependencies] key` stands for.
fn workspace_package(workspace: &str, key: &str) -> String {
    dependencies(workspace)
        .into_iter()
        .find(|d| d.kind == Kind::Workspace && d.key == key)
        .and_then(|d| d.package)
        .unwrap_or_else(|| key.to_string())
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Normal,
    Dev,
    Build,
    Workspace,
}

/// One dependency declaration: `key = ...` in a dependency table, or `[<table>.key]`.
#[derive(Debug)]
struct Dep {
    kind: Kind,
    key: String,
    package: Option<String>,
    workspace: bool,
}

/// The kind of dependency table a header names (`dependencies`, `target.'cfg(unix)'.dev-dependencies`,
/// `workspace.dependencies`, ...), and the dependency key if the header is `[<table>.key]`.
fn dependency_table(header: &str) -> Option<(Kind, Option<String>)> {
    for (table, kind) in [
        ("dev-dependencies", Kind::Dev),
        ("dev_dependencies", Kind::Dev),
        ("build-dependencies", Kind::Build),
        ("build_dependencies", Kind::Build),
        ("dependencies", Kind::Normal),
    ] {
        let Some(at) = header.rfind(table) else {
            continue;
        };
        let (before, after) = (&header[..at], &header[at + table.len()..]);
        let kind = match before {
            "workspace." if kind == Kind::Normal => Kind::Workspace,
            "" => kind,
            _ if before.starts_with("target.") && before.ends_with('.') => kind,
            _ => continue,
        };
        return match after {
            "" => Some((kind, None)),
            _ => after
                .strip_prefix('.')
                .map(|key| (kind, Some(unquote(key).to_string()))),
        };
    }
    None
}

fn dependencies(manifest: &str) -> Vec<Dep> {
    let mut deps: Vec<Dep> = Vec::new();
    let mut table: Option<(Kind, Option<String>)> = None;
    for line in manifest.lines() {
        let line = strip_comment(line).trim();
        if let Some(h) = header(line) {
            table = dependency_table(h);
            if let Some((kind, Some(key))) = &table {
                deps.push(Dep {
                    kind: *kind,
                    key: key.clone(),
                    package: None,
                    workspace: false,
                });
            }
            continue;
        }
        let (Some((kind, of)), Some((key, value))) = (&table, line.split_once('=')) else {
            continue;
        };
        let (key, value) = (unquote(key.trim()), value.trim());
        match of {
            // `[dependencies.cors]`: `package = "axum-strict-cors"`, `workspace = true`.
            Some(_) => {
                let dep = deps.last_mut().expect("pushed with its header");
                set_field(dep, key, value);
            }
            // `cors = { package = "axum-strict-cors" }`, `cors.workspace = true`, `axum-strict-cors = "0.1"`.
            None => {
                let (name, field) = match key.split_once('.') {
                    Some((name, field)) => (unquote(name.trim()), Some(unquote(field.trim()))),
                    None => (key, None),
                };
                let index = match deps.iter().position(|d| d.kind == *kind && d.key == name) {
                    Some(index) => index,
                    None => {
                        deps.push(Dep {
                            kind: *kind,
                            key: name.to_string(),
                            package: None,
                            workspace: false,
                        });
                        deps.len() - 1
                    }
                };
                let dep = &mut deps[index];
                match (field, value.strip_prefix('{')) {
                    (Some(field), _) => set_field(dep, field, value),
                    (None, Some(inline)) => {
                        for (k, v) in inline
                            .trim_end_matches('}')
                            .split(',')
                            .filter_map(|kv| kv.split_once('='))
                        {
                            set_field(dep, unquote(k.trim()), v.trim());
                        }
                    }
                    (None, None) => {}
                }
            }
        }
    }
    deps
}

fn set_field(dep: &mut Dep, field: &str, value: &str) {
    match field {
        "package" => dep.package = Some(unquote(value).to_string()),
        "workspace" => dep.workspace = value == "true",
        _ => {}
    }
}

/// `key = value` lines of `[table]`.
fn table_pairs(manifest: &str, table: &str) -> Vec<(String, String)> {
    let mut inside = false;
    let mut pairs = Vec::new();
    for line in manifest.lines() {
        let line = strip_comment(line).trim();
        if let Some(h) = header(line) {
            inside = h == table;
        } else if let (true, Some((k, v))) = (inside, line.split_once('=')) {
            pairs.push((unquote(k.trim()).to_string(), v.trim().to_string()));
        }
    }
    pairs
}

/// The table name of a `[header]` line, without brackets and blanks.
fn header(line: &str) -> Option<&str> {
    let line = line.trim();
    let inner = line.strip_prefix('[')?.trim_start_matches('[');
    let inner = inner.trim_end_matches(']');
    (!line.starts_with("[[") || line.ends_with("]]")).then(|| inner.trim())
}

/// A line without its `# comment` (a `#` inside a string stays).
fn strip_comment(line: &str) -> &str {
    let mut quote: Option<char> = None;
    for (i, c) in line.char_indices() {
        match (quote, c) {
            (None, '#') => return &line[..i],
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            _ => {}
        }
    }
    line
}

fn unquote(s: &str) -> &str {
    s.trim().trim_matches(['"', '\''])
}

/// The crate name of a dependency key, if it is not `axum_strict_cors` already.
fn crate_name(key: &str) -> Option<String> {
    let name = key.replace('-', "_");
    let valid = name
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    (valid && name != "axum_strict_cors").then_some(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn alone(manifest: &str) -> Option<Located> {
        resolve(manifest, || None)
    }

    fn renamed(name: &str) -> Option<Located> {
        Some(Located::Renamed(name.into()))
    }

    #[test]
    fn finds_renames() {
        let inline = "[dependencies]\naxum = \"0.8\"\ncors = { package = \"axum-strict-cors\", version = \"0.1\" }\n";
        assert_eq!(alone(inline), renamed("cors"));
        let table = "[dependencies.my-cors]\nversion = \"0.1\"\npackage = \"axum-strict-cors\"\n";
        assert_eq!(alone(table), renamed("my_cors"));
        let dev =
            "[dev-dependencies]\nc = { path = \"..\", package = 'axum-strict-cors' } # local\n";
        assert_eq!(alone(dev), renamed("c"));
        let target =
            "[target.'cfg(unix)'.dependencies]\ncors = { package = \"axum-strict-cors\" }\n";
        assert_eq!(alone(target), renamed("cors"));
    }

    #[test]
    fn finds_direct_dependencies_and_the_crate_itself() {
        assert_eq!(
            alone("[dependencies]\naxum-strict-cors = \"0.1\"\n"),
            Some(Located::Direct)
        );
        let features =
            "[dependencies]\naxum-strict-cors = { path = \".\", features = [\"test-util\"] }\n";
        assert_eq!(alone(features), Some(Located::Direct));
        let own = "[package]\nname = \"axum-strict-cors\"\n\n[dependencies]\naxum = \"0.8\"\n";
        assert_eq!(alone(own), Some(Located::Direct));
    }

    #[test]
    fn a_manifest_without_axum_strict_cors_finds_nothing() {
        assert_eq!(
            alone("[dependencies]\nx = { package = \"axum-strict-cors-macros\" }\n"),
            None
        );
        assert_eq!(
            alone("[package]\nname = \"app\"\n# axum-strict-cors = \"0.1\"\n"),
            None
        );
        let commented =
            "[dependencies]\naxum = \"0.8\" # cors = { package = \"axum-strict-cors\" }\n";
        assert_eq!(alone(commented), None);
    }

    #[test]
    fn normal_dependencies_come_before_dev_dependencies() {
        let both = "[dev-dependencies]\ntest-cors = { package = \"axum-strict-cors\" }\n[dependencies]\ncors = { package = \"axum-strict-cors\" }\n";
        assert_eq!(alone(both), renamed("cors"));
    }

    #[test]
    fn finds_renames_inherited_from_the_workspace() {
        let workspace = "[workspace]\nmembers = [\"app\"]\n\n[workspace.dependencies]\naxum = \"0.8\"\ncors = { package = \"axum-strict-cors\", version = \"0.1\" }\n";
        let ws = || Some(workspace.to_string());
        for member in [
            "[package]\nname = \"app\"\n[dependencies]\ncors.workspace = true\n",
            "[package]\nname = \"app\"\n[dependencies]\ncors = { workspace = true, features = [\"test-util\"] }\n",
            "[package]\nname = \"app\"\n[dependencies.cors]\nworkspace = true\n",
        ] {
            assert_eq!(resolve(member, ws), renamed("cors"), "{member}");
        }
        // Inherited without a rename, and an inherited dependency that is something else.
        let plain = "[workspace.dependencies]\naxum-strict-cors = { path = \"x\" }\n";
        let member = "[dependencies]\naxum-strict-cors.workspace = true\n";
        assert_eq!(
            resolve(member, || Some(plain.into())),
            Some(Located::Direct)
        );
        assert_eq!(resolve("[dependencies]\naxum.workspace = true\n", ws), None);
        let table = "[workspace.dependencies.cors]\npackage = \"axum-strict-cors\"\n";
        assert_eq!(
            resolve("[dependencies]\ncors.workspace = true\n", || Some(
                table.into()
            )),
            renamed("cors")
        );
    }

    /// A workspace on disk: the member's manifest inherits the rename from the root's, two
    /// directories up, and a crate that does not depend on axum-strict-cors gets the `crate = ` hint.
    #[test]
    fn reads_the_workspace_manifest_above_the_member() {
        let root =
            std::env::temp_dir().join(format!("axum-strict-cors-krate-{}", std::process::id()));
        let member = root.join("crates").join("app");
        let other = root.join("crates").join("other");
        std::fs::create_dir_all(&member).unwrap();
        std::fs::create_dir_all(&other).unwrap();
        std::fs::write(
            root.join("Cargo.toml"),
            "[workspace]\nmembers = [\"crates/*\"]\n\n[workspace.dependencies]\nweb-cors = { package = \"axum-strict-cors\", version = \"0.1\" }\n",
        )
        .unwrap();
        std::fs::write(
            member.join("Cargo.toml"),
            "[package]\nname = \"app\"\n\n[dependencies]\nweb-cors.workspace = true\n",
        )
        .unwrap();
        std::fs::write(other.join("Cargo.toml"), "[package]\nname = \"other\"\n").unwrap();
        let found = locate(&member);
        let not_found = locate(&other);
        std::fs::remove_dir_all(&root).unwrap();
        assert_eq!(found, Located::Renamed("web_cors".into()));
        assert_eq!(not_found, Located::NotFound(other.join("Cargo.toml")));
    }

    #[test]
    fn the_not_found_error_says_to_write_crate() {
        let dir =
            std::env::temp_dir().join(format!("axum-strict-cors-krate-nf-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("Cargo.toml"), "[package]\nname = \"lonely\"\n").unwrap();
        let found = found_in(&dir).map(|path| path.to_string());
        std::fs::remove_dir_all(&dir).unwrap();
        let error = found.expect_err("found axum-strict-cors in a manifest without it");
        let message = error.to_string();
        assert!(
            message.contains("cannot find `axum-strict-cors`"),
            "{message}"
        );
        assert!(
            message
                .contains("write that path as `#[cors(crate = path::to::axum_strict_cors, ...)]`"),
            "{message}"
        );
    }
}
