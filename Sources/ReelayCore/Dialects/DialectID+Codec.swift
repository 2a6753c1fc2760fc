extension DialectID {
    /// The codec that speaks this dialect.
    public var codec: any Dialect {
        switch self {
        case .anyfast: AnyFastDialect()
        case .toapis: ToAPIsDialect()
        case .apimart: APIMartDialect()
        case .unified: UnifiedDialect()
        case .ark: ArkDialect()
        case .openai: OpenAIDialect()
        }
    }
}
