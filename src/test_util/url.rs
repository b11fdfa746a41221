//! Where a hop goes: a request's URL and a redirect's `Location`, resolved to an origin and a
//! path.

/// Where a hop goes: the origin (`None`: the service's own, unnamed origin) and the path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Target {
    pub(super) origin: Option<String>,
    pub(super) path: String,
}

impl Target {
    pub(super) fn parse(url: &str) -> Result<Target, String> {
        let Some((scheme, rest)) = url.split_once("://") else {
            return match url.starts_with('/') {
                true => Ok(Target {
                    origin: None,
                    path: url.to_string(),
                }),
                false => Err(format!("not a path or an http(s) URL: {url:?}")),
            };
        };
        let scheme = scheme.to_ascii_lowercase();
        if scheme != "http" && scheme != "https" {
            return Err(format!("scheme {scheme:?} is not http(s)"));
        }
        let (authority, path) = match rest.find(['/', '?', '#']) {
            Some(i) => (&rest[..i], &rest[i..]),
            None => (rest, "/"),
        };
        if authority.contains('@') {
            return Err("credentials".into());
        }
        let host = authority.to_ascii_lowercase();
        let default = match scheme.as_str() {
            "http" => ":80",
            _ => ":443",
        };
        let host = host.strip_suffix(default).unwrap_or(&host);
        let path = match path.starts_with('/') {
            true => path.to_string(),
            false => format!("/{path}"),
        };
        Ok(Target {
            origin: Some(format!("{scheme}://{host}")),
            path,
        })
    }

    /// `Location` resolved against this target (absolute URLs, absolute paths and relative
    /// paths; enough for what services send).
    pub(super) fn follow(&self, location: &str) -> Result<Target, String> {
        if location.contains("://") {
            return Target::parse(location);
        }
        if let Some(rest) = location.strip_prefix("//") {
            let scheme = self
                .origin
                .as_deref()
                .and_then(|o| o.split_once("://"))
                .map_or("http", |(s, _)| s);
            return Target::parse(&format!("{scheme}://{rest}"));
        }
        let path = match location.starts_with('/') {
            true => location.to_string(),
            false => {
                let dir = self.path.split('?').next().unwrap_or("/");
                let dir = &dir[..dir.rfind('/').map_or(0, |i| i + 1)];
                format!("{dir}{location}")
            }
        };
        Ok(Target {
            origin: self.origin.clone(),
            path,
        })
    }

    pub(super) fn url(&self) -> String {
        format!("{}{}", self.origin.as_deref().unwrap_or(""), self.path)
    }

    pub(super) fn host(&self) -> Option<&str> {
        self.origin.as_deref()?.split_once("://").map(|(_, h)| h)
    }
}
