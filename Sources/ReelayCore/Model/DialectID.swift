/// The wire dialects Reelay speaks. The raw value is the path prefix that selects it.
public enum DialectID: String, Codable, Sendable, CaseIterable {
    /// Seed A: content array at `/v1/video/generations` (anyfast, new-api).
    case anyfast
    /// Seed B: `/v1/videos/generations` with `aspect_ratio` and `metadata`.
    case toapis
    /// Seed C: `/v1/videos/generations` with `size`, answered in a `{code, data}` envelope.
    case apimart
    /// Seed D: `/v2/videos/generations`.
    case unified
    /// Volcengine Ark / BytePlus ModelArk: `/api/v3/contents/generations/tasks`.
    case ark
    /// OpenAI videos: `/v1/videos`.
    case openai
}
