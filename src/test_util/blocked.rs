//! [`Blocked`]: why the browser blocked a request, in its console's wording (Chromium's, and
//! Firefox's through [`Blocked::firefox`]).

use std::fmt;

/// Why the browser blocked the request. `Display` gives Chromium's console wording.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Blocked {
    /// The preflight's status was not 2xx.
    PreflightStatus(u16),
    /// The preflight was answered with a redirect (this status), which is never followed.
    PreflightRedirect(u16),
    /// A redirect of the actual request that the browser does not follow.
    Redirect(String),
    /// No `Access-Control-Allow-Origin` (on the preflight when `preflight` is true).
    MissingAllowOrigin {
        /// Whether it was the preflight's response.
        preflight: bool,
    },
    /// Several `Access-Control-Allow-Origin` values.
    MultipleAllowOrigin {
        /// The values, joined with `, `.
        value: String,
        /// Whether it was the preflight's response.
        preflight: bool,
    },
    /// `Access-Control-Allow-Origin` names another origin.
    AllowOriginMismatch {
        /// What the response said.
        value: String,
        /// Whether it was the preflight's response.
        preflight: bool,
    },
    /// `Access-Control-Allow-Origin: *` on a credentialed request.
    WildcardWithCredentials {
        /// Whether it was the preflight's response.
        preflight: bool,
    },
    /// A credentialed request without `Access-Control-Allow-Credentials: true`.
    MissingAllowCredentials {
        /// Whether it was the preflight's response.
        preflight: bool,
    },
    /// The method is not in the preflight's `Access-Control-Allow-Methods`.
    MethodNotAllowed(String),
    /// A request header is not in the preflight's `Access-Control-Allow-Headers`.
    HeaderNotAllowed(String),
    /// The service could not be called or answered something unparsable.
    NetworkError(String),
}

impl Blocked {
    /// The reason Firefox's console gives for the same refusal, the `<reason>` of
    /// `Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote
    /// resource at <url>. (Reason: <reason>).` (as Firefox 153 ESR words it). `None` where
    /// Firefox's wording was not captured. A failed preflight is followed by a second message,
    /// `(Reason: CORS request did not succeed)`.
    pub fn firefox(&self) -> Option<String> {
        const ACAO: &str = "CORS header \u{2018}Access-Control-Allow-Origin\u{2019}";
        Some(match self {
            Blocked::MissingAllowOrigin { .. } => format!("{ACAO} missing"),
            Blocked::PreflightStatus(_) => "CORS preflight response did not succeed".into(),
            Blocked::MethodNotAllowed(_) => {
                "Did not find method in CORS header \u{2018}Access-Control-Allow-Methods\u{2019}".into()
            }
            Blocked::HeaderNotAllowed(h) => format!(
                "header \u{2018}{h}\u{2019} is not allowed according to header \u{2018}Access-Control-Allow-Headers\u{2019} from CORS preflight response"
            ),
            Blocked::AllowOriginMismatch { value, .. } | Blocked::MultipleAllowOrigin { value, .. } => {
                format!("{ACAO} does not match \u{2018}{value}\u{2019}")
            }
            Blocked::WildcardWithCredentials { .. } => {
                format!("Credential is not supported if the {ACAO} is \u{2018}*\u{2019}")
            }
            Blocked::MissingAllowCredentials { .. } => {
                "expected \u{2018}true\u{2019} in CORS header \u{2018}Access-Control-Allow-Credentials\u{2019}".into()
            }
            Blocked::PreflightRedirect(_) => "CORS request external redirect not allowed".into(),
            Blocked::Redirect(_) | Blocked::NetworkError(_) => return None,
        })
    }
}

impl fmt::Display for Blocked {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let pre = |preflight: &bool| match preflight {
            true => "Response to preflight request doesn't pass access control check: ",
            false => "",
        };
        match self {
            Blocked::PreflightStatus(_) => write!(
                f,
                "Response to preflight request doesn't pass access control check: It does not have HTTP ok status."
            ),
            Blocked::PreflightRedirect(_) => write!(
                f,
                "Response to preflight request doesn't pass access control check: Redirect is not allowed for a preflight request."
            ),
            Blocked::Redirect(e) => write!(f, "{e}"),
            Blocked::MissingAllowOrigin { preflight } => write!(
                f,
                "{}No 'Access-Control-Allow-Origin' header is present on the requested resource.",
                pre(preflight)
            ),
            Blocked::MultipleAllowOrigin { value, preflight } => write!(
                f,
                "{}The 'Access-Control-Allow-Origin' header contains multiple values '{value}', but only one is allowed. Have the server send the header with a valid value.",
                pre(preflight)
            ),
            Blocked::AllowOriginMismatch { value, preflight } => write!(
                f,
                "{}The 'Access-Control-Allow-Origin' header has a value '{value}' that is not equal to the supplied origin. Have the server send the header with a valid value.",
                pre(preflight)
            ),
            Blocked::WildcardWithCredentials { preflight } => write!(
                f,
                "{}The value of the 'Access-Control-Allow-Origin' header in the response must not be the wildcard '*' when the request's credentials mode is 'include'.",
                pre(preflight)
            ),
            Blocked::MissingAllowCredentials { preflight } => write!(
                f,
                "{}The value of the 'Access-Control-Allow-Credentials' header in the response is '' which must be 'true' when the request's credentials mode is 'include'.",
                pre(preflight)
            ),
            Blocked::MethodNotAllowed(m) => write!(
                f,
                "Method {m} is not allowed by Access-Control-Allow-Methods in preflight response."
            ),
            Blocked::HeaderNotAllowed(h) => write!(
                f,
                "Request header field {h} is not allowed by Access-Control-Allow-Headers in preflight response."
            ),
            Blocked::NetworkError(e) => write!(f, "net::ERR_FAILED ({e})"),
        }
    }
}
