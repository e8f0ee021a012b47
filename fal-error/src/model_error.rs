//! `ModelError`: every type of fal's model-errors page, with the spec's status, message
//! and typed ctx, derived with this crate's own macro.

use std::fmt;

use crate::FalError;
use crate::values::Number;
use crate::values::{Choices, Extensions};

/// The built-in catalog: the 31 error types of fal's model-errors page.
///
/// Raise one directly, or embed the whole enum in your own with `#[fal(transparent)]`;
/// place it with [`FalError::at`] and echo the input with [`FalError::with_input`].
/// Numeric bounds take integers and floats alike ([`Number`]).
///
/// ```
/// use fal_error::{FalError, ModelError};
///
/// let error = ModelError::LessThan { lt: 1.0.into() }.at("negative_prompt_weight").with_input(1.0);
/// assert_eq!(
///     error.to_response().body(),
///     r#"{"detail":[{"loc":["body","negative_prompt_weight"],"msg":"Input should be less than 1","type":"less_than","url":"https://docs.fal.ai/errors/#less_than","ctx":{"lt":1.0},"input":1.0}]}"#,
/// );
/// ```
#[derive(Clone, Debug, PartialEq, FalError)]
#[non_exhaustive]
pub enum ModelError {
    /// This error indicates an unexpected issue occurred on the server that prevented the request from being fulfilled.
    #[fal(status = 500)]
    InternalServerError {
        /// Whether retrying can succeed (the spec leaves it to the raise site).
        #[fal(retryable)]
        retryable: bool,
    },
    /// This error occurs when the requested operation took longer than the allowed time limit to complete.
    #[fal(status = 504)]
    GenerationTimeout {
        /// Whether retrying can succeed (the spec leaves it to the raise site).
        #[fal(retryable)]
        retryable: bool,
    },
    /// This error signifies a problem when communicating with an external service required to fulfill the request.
    #[fal(status = 400)]
    DownstreamServiceError {
        /// Whether retrying can succeed (the spec leaves it to the raise site).
        #[fal(retryable)]
        retryable: bool,
    },
    /// This error indicates that a required third-party service (**including partner APIs**) is currently unavailable, preventing the request from being fulfilled.
    #[fal(status = 500)]
    DownstreamServiceUnavailable {
        /// Whether retrying can succeed (the spec leaves it to the raise site).
        #[fal(retryable)]
        retryable: bool,
    },
    /// This error indicates that the provided input content (e.g., text prompt, uploaded image) could not be processed because it was flagged by automated safety systems as potentially violating usage policies or responsible AI guidelines.
    #[fal(
        msg = "The content could not be processed because it contained material flagged by a content checker."
    )]
    ContentPolicyViolation,
    /// This error indicates that the generation completed successfully but the model did not produce any media output for the given input. This can happen when the model is unable to generate a valid result from the provided prompt or parameters.
    #[fal(msg = "The model did not generate the expected output for this prompt.")]
    NoMediaGenerated,
    /// This error indicates that the provided image dimensions are smaller than the required minimum.
    ImageTooSmall {
        /// The minimum required height in pixels.
        #[fal(ctx)]
        min_height: u32,
        /// The minimum required width in pixels.
        #[fal(ctx)]
        min_width: u32,
    },
    /// This error indicates that the provided image dimensions exceed the maximum allowed limits.
    ImageTooLarge {
        /// The maximum allowed height in pixels.
        #[fal(ctx)]
        max_height: u32,
        /// The maximum allowed width in pixels.
        #[fal(ctx)]
        max_width: u32,
    },
    /// This error occurs when the server failed to load or process the provided image, possibly due to corruption or an unsupported format.
    ImageLoadError,
    /// This error indicates that the server failed to download a file specified by a URL in the input. Make sure the URL is publicly accessible and that the file is not behind a login or authentication wall.
    FileDownloadError,
    /// This error is raised when the system could not detect a face in the provided image, and face detection was required for the operation.
    #[fal(msg = "Could not detect face in the image")]
    FaceDetectionError,
    /// This error indicates that the provided file exceeds the maximum allowed size.
    FileTooLarge {
        /// The maximum allowed file size in bytes.
        #[fal(ctx)]
        max_size: u64,
    },
    /// This error occurs when a numeric input value is not strictly greater than the specified threshold.
    #[fal(msg = "Input should be greater than {gt}")]
    GreaterThan {
        /// The value the input must be greater than.
        #[fal(ctx)]
        gt: Number,
    },
    /// This error occurs when a numeric input value is less than the specified threshold.
    #[fal(msg = "Input should be greater than or equal to {ge}")]
    GreaterThanEqual {
        /// The value the input must be greater than or equal to.
        #[fal(ctx)]
        ge: Number,
    },
    /// This error occurs when a numeric input value is not strictly less than the specified threshold.
    #[fal(msg = "Input should be less than {lt}")]
    LessThan {
        /// The value the input must be less than.
        #[fal(ctx)]
        lt: Number,
    },
    /// This error occurs when a numeric input value is greater than the specified threshold.
    #[fal(msg = "Input should be less than or equal to {le}")]
    LessThanEqual {
        /// The value the input must be less than or equal to.
        #[fal(ctx)]
        le: Number,
    },
    /// This error indicates that a numeric input value is not a multiple of the required factor.
    #[fal(msg = "Input should be a multiple of {multiple_of}")]
    MultipleOf {
        /// The factor the input must be a multiple of.
        #[fal(ctx)]
        multiple_of: Number,
    },
    /// This error occurs when a sequence (like a list or string) has fewer items/characters than the required minimum length.
    #[fal(msg = "Sequence should have at least {min_length} items")]
    SequenceTooShort {
        /// The minimum required length of the sequence.
        #[fal(ctx)]
        min_length: u64,
    },
    /// This error occurs when a sequence (like a list or string) has more items/characters than the allowed maximum length.
    #[fal(msg = "Sequence should have at most {max_length} items")]
    SequenceTooLong {
        /// The maximum allowed length of the sequence.
        #[fal(ctx)]
        max_length: u64,
    },
    /// This error indicates that the input value provided for a field is not among the set of allowed values.
    #[fal(msg = "Input should be {expected}")]
    OneOf {
        /// A list containing the allowed values.
        #[fal(ctx)]
        expected: Choices,
    },
    /// This error is raised when the combination of input parameters requests a feature or mode that is not supported by the endpoint.
    FeatureNotSupported,
    /// This error occurs when the provided archive file (e.g., .zip, .tar) cannot be read or processed, likely due to corruption or an unsupported format.
    #[fal(
        msg = "Could not read or process the provided archive. Ensure it's a valid, non-corrupted archive."
    )]
    InvalidArchive {
        /// A list of supported archive file extensions.
        #[fal(ctx)]
        supported_extensions: Extensions,
    },
    /// This error indicates that the provided archive contains fewer files matching the required criteria (e.g., specific extensions) than the minimum required count.
    #[fal(
        msg = "Too few files in the archive. Expected at least {min_count} files with extensions {supported_extensions}, found {provided_count}. Add more matching files to the archive."
    )]
    ArchiveFileCountBelowMinimum {
        /// The minimum number of required files.
        #[fal(ctx)]
        min_count: u64,
        /// The number of matching files found in the archive.
        #[fal(ctx)]
        provided_count: u64,
        /// The file extensions that were counted.
        #[fal(ctx)]
        supported_extensions: Extensions,
    },
    /// This error indicates that the provided archive contains more files matching the required criteria (e.g., specific extensions) than the maximum allowed count.
    #[fal(display)]
    ArchiveFileCountExceedsMaximum {
        /// The maximum number of allowed files.
        #[fal(ctx)]
        max_count: u64,
        /// The number of matching files found in the archive.
        #[fal(ctx)]
        provided_count: u64,
        /// The file extensions that were counted.
        #[fal(ctx)]
        supported_extensions: Extensions,
    },
    /// This error indicates that the provided audio file exceeds the maximum allowed duration.
    #[fal(
        msg = "Audio duration exceeds the maximum allowed. Maximum is {max_duration} seconds, provided is {provided_duration} seconds."
    )]
    AudioDurationTooLong {
        /// The maximum allowed duration in seconds.
        #[fal(ctx)]
        max_duration: Number,
        /// The duration of the provided audio file in seconds.
        #[fal(ctx)]
        provided_duration: Number,
    },
    /// This error indicates that the provided audio file is shorter than the minimum required duration.
    #[fal(
        msg = "Audio duration is too short. Minimum is {min_duration} seconds, provided is {provided_duration} seconds."
    )]
    AudioDurationTooShort {
        /// The minimum required duration in seconds.
        #[fal(ctx)]
        min_duration: Number,
        /// The duration of the provided audio file in seconds.
        #[fal(ctx)]
        provided_duration: Number,
    },
    /// This error indicates that the audio file format is not supported by the endpoint.
    #[fal(msg = "Unsupported audio format. Supported formats are {supported_formats}.")]
    UnsupportedAudioFormat {
        /// A list of supported audio file extensions.
        #[fal(ctx)]
        supported_formats: Extensions,
    },
    /// This error indicates that the image file format is not supported by the endpoint.
    #[fal(msg = "Unsupported image format. Supported formats are {supported_formats}.")]
    UnsupportedImageFormat {
        /// A list of supported image file extensions.
        #[fal(ctx)]
        supported_formats: Extensions,
    },
    /// This error indicates that the video file format is not supported by the endpoint.
    #[fal(msg = "Unsupported video format. Supported formats are {supported_formats}.")]
    UnsupportedVideoFormat {
        /// A list of supported video file extensions.
        #[fal(ctx)]
        supported_formats: Extensions,
    },
    /// This error indicates that the provided video file exceeds the maximum allowed duration.
    #[fal(
        msg = "Video duration exceeds the maximum allowed. Maximum is {max_duration} seconds, provided is {provided_duration} seconds."
    )]
    VideoDurationTooLong {
        /// The maximum allowed duration in seconds.
        #[fal(ctx)]
        max_duration: Number,
        /// The duration of the provided video file in seconds.
        #[fal(ctx)]
        provided_duration: Number,
    },
    /// This error indicates that the provided video file is shorter than the minimum required duration.
    #[fal(
        msg = "Video duration is too short. Minimum is {min_duration} seconds, provided is {provided_duration} seconds."
    )]
    VideoDurationTooShort {
        /// The minimum required duration in seconds.
        #[fal(ctx)]
        min_duration: Number,
        /// The duration of the provided video file in seconds.
        #[fal(ctx)]
        provided_duration: Number,
    },
}

impl ModelError {
    /// `greater_than`; the bound is any integer or float.
    ///
    /// ```
    /// use fal_error::{FalError, ModelError};
    ///
    /// assert_eq!(ModelError::greater_than(0).msg(), "Input should be greater than 0");
    /// assert_eq!(ModelError::less_than(1.0).msg(), "Input should be less than 1");
    /// assert_eq!(ModelError::one_of(["EulerA", "DPM++"]).msg(), "Input should be 'EulerA' or 'DPM++'");
    /// ```
    pub fn greater_than(gt: impl Into<Number>) -> Self {
        ModelError::GreaterThan { gt: gt.into() }
    }

    /// `greater_than_equal`; the bound is any integer or float.
    ///
    /// ```
    /// use fal_error::{FalError, ModelError};
    ///
    /// let error = ModelError::greater_than_equal(1).at("num_images").with_input(0);
    /// assert_eq!(
    ///     error.to_response().body(),
    ///     r#"{"detail":[{"loc":["body","num_images"],"msg":"Input should be greater than or equal to 1","type":"greater_than_equal","url":"https://docs.fal.ai/errors/#greater_than_equal","ctx":{"ge":1},"input":0}]}"#,
    /// );
    /// ```
    pub fn greater_than_equal(ge: impl Into<Number>) -> Self {
        ModelError::GreaterThanEqual { ge: ge.into() }
    }

    /// `less_than`; the bound is any integer or float.
    ///
    /// ```
    /// use fal_error::{FalError, ModelError};
    ///
    /// assert_eq!(ModelError::less_than(1.5).msg(), "Input should be less than 1.5");
    /// assert_eq!(ModelError::less_than(1.5), ModelError::LessThan { lt: 1.5.into() });
    /// ```
    pub fn less_than(lt: impl Into<Number>) -> Self {
        ModelError::LessThan { lt: lt.into() }
    }

    /// `less_than_equal`; the bound is any integer or float.
    ///
    /// ```
    /// use fal_error::{FalError, ModelError};
    ///
    /// let error = ModelError::less_than_equal(50).at("num_inference_steps").with_input(80);
    /// assert_eq!(
    ///     error.to_response().body(),
    ///     r#"{"detail":[{"loc":["body","num_inference_steps"],"msg":"Input should be less than or equal to 50","type":"less_than_equal","url":"https://docs.fal.ai/errors/#less_than_equal","ctx":{"le":50},"input":80}]}"#,
    /// );
    /// ```
    pub fn less_than_equal(le: impl Into<Number>) -> Self {
        ModelError::LessThanEqual { le: le.into() }
    }

    /// `multiple_of`; the factor is any integer or float.
    ///
    /// ```
    /// use fal_error::{FalError, ModelError};
    ///
    /// assert_eq!(ModelError::multiple_of(8).msg(), "Input should be a multiple of 8");
    /// assert_eq!(ModelError::multiple_of(0.5).msg(), "Input should be a multiple of 0.5");
    /// ```
    pub fn multiple_of(multiple_of: impl Into<Number>) -> Self {
        ModelError::MultipleOf {
            multiple_of: multiple_of.into(),
        }
    }

    /// `one_of` with the allowed values, kept as given in `ctx`.
    ///
    /// ```
    /// use fal_error::{FalError, ModelError};
    ///
    /// let error = ModelError::one_of([2, 4]).at("scale").with_input(3);
    /// assert_eq!(
    ///     error.to_response().body(),
    ///     r#"{"detail":[{"loc":["body","scale"],"msg":"Input should be 2 or 4","type":"one_of","url":"https://docs.fal.ai/errors/#one_of","ctx":{"expected":[2,4]},"input":3}]}"#,
    /// );
    /// ```
    pub fn one_of(expected: impl Into<Choices>) -> Self {
        ModelError::OneOf {
            expected: expected.into(),
        }
    }

    /// `internal_server_error`, not retryable: the default where the spec leaves it open.
    ///
    /// ```
    /// use fal_error::{FalError, ModelError};
    ///
    /// let response = ModelError::internal_server_error().to_response();
    /// assert_eq!(response.status(), 500);
    /// assert_eq!(response.headers()["x-fal-retryable"], "false");
    /// assert_eq!(
    ///     response.body(),
    ///     r#"{"detail":[{"loc":["body"],"msg":"Internal server error","type":"internal_server_error","url":"https://docs.fal.ai/errors/#internal_server_error"}]}"#,
    /// );
    /// ```
    pub const fn internal_server_error() -> Self {
        ModelError::InternalServerError { retryable: false }
    }

    /// `generation_timeout`, not retryable.
    ///
    /// ```
    /// use fal_error::{FalError, ModelError};
    ///
    /// let error = ModelError::generation_timeout();
    /// assert_eq!((error.status(), error.retryable()), (http::StatusCode::GATEWAY_TIMEOUT, false));
    /// assert!(ModelError::generation_timeout().with_retryable(true).retryable());
    /// ```
    pub const fn generation_timeout() -> Self {
        ModelError::GenerationTimeout { retryable: false }
    }

    /// `downstream_service_error`, not retryable.
    ///
    /// ```
    /// use fal_error::{FalError, ModelError};
    ///
    /// let error = ModelError::downstream_service_error();
    /// assert_eq!((error.status(), error.retryable()), (http::StatusCode::BAD_REQUEST, false));
    /// assert_eq!(error.msg(), "Downstream service error");
    /// ```
    pub const fn downstream_service_error() -> Self {
        ModelError::DownstreamServiceError { retryable: false }
    }

    /// `downstream_service_unavailable`, not retryable.
    ///
    /// ```
    /// use fal_error::{FalError, ModelError};
    ///
    /// let error = ModelError::downstream_service_unavailable();
    /// assert_eq!((error.status(), error.retryable()), (http::StatusCode::INTERNAL_SERVER_ERROR, false));
    /// assert_eq!(error.error_type(), "downstream_service_unavailable");
    /// ```
    pub const fn downstream_service_unavailable() -> Self {
        ModelError::DownstreamServiceUnavailable { retryable: false }
    }
}

/// The message, as `msg` sends it.
impl fmt::Display for ModelError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ModelError::ArchiveFileCountExceedsMaximum {
                max_count,
                provided_count,
                supported_extensions,
            } => write!(
                f,
                "Too many files in the archive. Maximum is {max_count} files with extensions {supported_extensions}, found {provided_count}. Remove {} matching files from the archive.",
                provided_count.saturating_sub(*max_count)
            ),
            other => f.write_str(&other.msg()),
        }
    }
}

impl std::error::Error for ModelError {}
