import JITAccessCore

/// A duration in the JSON API: a whole number of minutes. Foundation calls 1.5 or 2^63 "not
/// valid JSON" without naming the field; this says which field and what it takes.
struct WholeMinutes: Decodable {
    let value: Int

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        guard let value = try? container.decode(Int.self) else {
            throw DecodingError.typeMismatch(Int.self, .init(codingPath: decoder.codingPath, debugDescription: "use a whole number of minutes."))
        }
        self.value = value
    }
}
