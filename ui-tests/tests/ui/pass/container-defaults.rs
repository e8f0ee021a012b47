// Container defaults (`doc_base`, `status`, `retryable`), a 5xx variant whose
// retryability comes from the container, and `#[fal(display)]` on the container and on a
// variant.
use std::fmt;

use fal_error::FalError;

#[derive(Debug, FalError)]
#[fal(
    doc_base = "https://docs.example.com/errors",
    status = 503,
    retryable = true
)]
enum ServiceError {
    Overloaded,
    #[fal(status = 502, retryable = false)]
    BadGateway,
    #[fal(status = 400)]
    BadRequest,
    #[fal(url = "https://status.example.com/")]
    Maintenance,
}

#[derive(Debug, FalError)]
#[fal(status = 500, retryable = false)]
struct Crashed;

/// Every message comes from `Display`, except where `msg` says otherwise.
#[derive(Debug, FalError)]
#[fal(display)]
enum Described {
    TooLarge {
        #[fal(ctx)]
        max: u32,
    },
    #[fal(msg = "Fixed text")]
    Fixed,
}

impl fmt::Display for Described {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Described::TooLarge { max } => write!(f, "The image is larger than {max} pixels"),
            Described::Fixed => f.write_str("never sent"),
        }
    }
}

/// Only one variant takes its message from `Display`.
#[derive(Debug, FalError)]
enum Mixed {
    #[fal(display)]
    Dynamic {
        attempts: u32,
    },
    Static,
}

impl fmt::Display for Mixed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Mixed::Dynamic { attempts } => write!(f, "Gave up after {attempts} attempts"),
            Mixed::Static => f.write_str("never sent"),
        }
    }
}

fn main() {
    let overloaded = ServiceError::Overloaded.to_response();
    assert_eq!(overloaded.status(), 503);
    assert_eq!(overloaded.headers()["x-fal-retryable"], "true");
    assert_eq!(
        overloaded.body(),
        r#"{"detail":[{"loc":["body"],"msg":"Overloaded","type":"overloaded","url":"https://docs.example.com/errors#overloaded"}]}"#,
    );

    assert_eq!(ServiceError::BadGateway.status(), 502);
    assert!(!ServiceError::BadGateway.retryable());
    assert_eq!(ServiceError::BadRequest.status(), 400);
    assert!(ServiceError::BadRequest.retryable());
    assert_eq!(ServiceError::Maintenance.status(), 503);
    assert_eq!(
        ServiceError::Maintenance.url(),
        "https://status.example.com/"
    );

    assert_eq!(Crashed.status(), 500);
    assert!(!Crashed.retryable());
    assert_eq!(Crashed.error_type(), "crashed");

    assert_eq!(
        Described::TooLarge { max: 4096 }.to_response().body(),
        r#"{"detail":[{"loc":["body"],"msg":"The image is larger than 4096 pixels","type":"too_large","url":"https://docs.fal.ai/errors/#too_large","ctx":{"max":4096}}]}"#,
    );
    assert_eq!(Described::Fixed.msg(), "Fixed text");

    assert_eq!(
        Mixed::Dynamic { attempts: 3 }.msg(),
        "Gave up after 3 attempts"
    );
    assert_eq!(Mixed::Static.msg(), "Static");
}
