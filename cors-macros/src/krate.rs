//! Where the generated code finds `axum-cors`: `crate = path` if given, else the name the
//! user's `Cargo.toml` gives the dependency (a rename such as `cors = { package = "axum-cors" }`),
//! else `::axum_cors`. Read from the manifest because a proc macro cannot otherwise see a
//! rename; a change to `Cargo.toml` rebuilds the crate anyway.

use proc_macro2::{Ident, Span, TokenStream};
use quote::{quote, ToTokens};

const PACKAGE: &str = "axum-cors";

/// The path to use in generated code.
pub fn path(explicit: Option<syn::Path>) -> TokenStream {
    if let Some(path) = explicit {
        return path.to_token_stream();
    }
    let renamed = std::env::var("CARGO_MANIFEST_DIR")
        .ok()
        .and_then(|dir| std::fs::read_to_string(std::path::Path::new(&dir).join("Cargo.toml")).ok())
        .and_then(|manifest| renamed_in(&manifest));
    match renamed {
        Some(name) => {
            let ident = Ident::new(&name, Span::call_site());
            quote!(::#ident)
        }
        None => quote!(::axum_cors),
    }
}

/// The dependency key under which `manifest` renames `axum-cors`, as a crate name.
fn renamed_in(manifest: &str) -> Option<String> {
    let mut table_key: Option<&str> = None;
    for line in manifest.lines() {
        let line = line.trim();
        if let Some(header) = line.strip_prefix('[') {
            // `[dependencies.cors]`, `[dev-dependencies.cors]`, `[target.'cfg(..)'.dependencies.cors]`
            let header = header.trim_end_matches(']').trim();
            table_key = header
                .rsplit_once("dependencies.")
                .map(|(_, key)| key.trim_matches(['"', '\'']));
            continue;
        }
        let Some((key, value)) = line.split_once('=') else {
            continue;
        };
        let (key, value) = (key.trim(), value.trim());
        let names_package = |v: &str| v.trim_matches(['"', '\'']) == PACKAGE;
        match table_key {
            Some(dep) if key == "package" && names_package(value) => return crate_name(dep),
            _ if value.starts_with('{') => {
                let inline = value.trim_matches(['{', '}']);
                let package = inline
                    .split(',')
                    .filter_map(|kv| kv.split_once('='))
                    .any(|(k, v)| k.trim() == "package" && names_package(v.trim()));
                if package {
                    return crate_name(key.trim_matches(['"', '\'']));
                }
            }
            _ => {}
        }
    }
    None
}

fn crate_name(key: &str) -> Option<String> {
    let name = key.replace('-', "_");
    let valid = name
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    (valid && name != "axum_cors").then_some(name)
}

#[cfg(test)]
mod tests {
    use super::renamed_in;

    #[test]
    fn finds_renames() {
        let inline = "[dependencies]\naxum = \"0.8\"\ncors = { package = \"axum-cors\", version = \"0.1\" }\n";
        assert_eq!(renamed_in(inline).as_deref(), Some("cors"));
        let table = "[dependencies.my-cors]\nversion = \"0.1\"\npackage = \"axum-cors\"\n";
        assert_eq!(renamed_in(table).as_deref(), Some("my_cors"));
        let dev = "[dev-dependencies]\nc = { path = \"..\", package = 'axum-cors' }\n";
        assert_eq!(renamed_in(dev).as_deref(), Some("c"));
    }

    #[test]
    fn ignores_plain_dependencies_and_other_packages() {
        assert_eq!(renamed_in("[dependencies]\naxum-cors = \"0.1\"\n"), None);
        assert_eq!(
            renamed_in(
                "[dependencies]\naxum-cors = { path = \".\", features = [\"test-util\"] }\n"
            ),
            None
        );
        assert_eq!(
            renamed_in("[dependencies]\nx = { package = \"axum-cors-macros\" }\n"),
            None
        );
        assert_eq!(renamed_in("[package]\nname = \"axum-cors\"\n"), None);
    }
}
