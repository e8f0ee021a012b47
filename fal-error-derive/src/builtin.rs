//! The types of fal's model-errors page and the status the spec gives each, so that a
//! derive reusing one of these names cannot send it with another status.

pub const BUILTIN_STATUSES: &[(&str, u16)] = &[
    ("internal_server_error", 500),
    ("generation_timeout", 504),
    ("downstream_service_error", 400),
    ("downstream_service_unavailable", 500),
    ("content_policy_violation", 422),
    ("no_media_generated", 422),
    ("image_too_small", 422),
    ("image_too_large", 422),
    ("image_load_error", 422),
    ("file_download_error", 422),
    ("face_detection_error", 422),
    ("file_too_large", 422),
    ("greater_than", 422),
    ("greater_than_equal", 422),
    ("less_than", 422),
    ("less_than_equal", 422),
    ("multiple_of", 422),
    ("sequence_too_short", 422),
    ("sequence_too_long", 422),
    ("one_of", 422),
    ("feature_not_supported", 422),
    ("invalid_archive", 422),
    ("archive_file_count_below_minimum", 422),
    ("archive_file_count_exceeds_maximum", 422),
    ("audio_duration_too_long", 422),
    ("audio_duration_too_short", 422),
    ("unsupported_audio_format", 422),
    ("unsupported_image_format", 422),
    ("unsupported_video_format", 422),
    ("video_duration_too_long", 422),
    ("video_duration_too_short", 422),
];

/// The spec's status for a built-in type name.
pub fn builtin_status(error_type: &str) -> Option<u16> {
    BUILTIN_STATUSES
        .iter()
        .find(|(name, _)| *name == error_type)
        .map(|&(_, status)| status)
}
