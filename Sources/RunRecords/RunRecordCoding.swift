// JSON encoding of run records (snake_case keys, ISO 8601 dates, sorted keys so files diff cleanly)
// and the checks a record must pass when read back.
import Foundation

extension RunRecord {
    static func makeEncoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return encoder
    }

    static func makeDecoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }

    /// The record as pretty JSON with sorted keys.
    public func jsonData() throws -> Data {
        try RunRecord.makeEncoder().encode(self)
    }

    /// Decodes and validates one record; `path` names the file in errors.
    public static func decode(_ data: Data, path: String) throws -> RunRecord {
        // Read the schema version first so a newer file gets the schema error, not a field error.
        struct Versioned: Decodable { var schemaVersion: Int? }
        let versioned: Versioned
        do {
            versioned = try makeDecoder().decode(Versioned.self, from: data)
        } catch {
            throw RecordsError.malformedRecord(path: path, reason: describe(error))
        }
        guard let version = versioned.schemaVersion else {
            throw RecordsError.malformedRecord(path: path, reason: "no `schema_version` key")
        }
        guard version == currentSchemaVersion else {
            throw RecordsError.unsupportedSchema(path: path, found: version, supported: currentSchemaVersion)
        }
        let record: RunRecord
        do {
            record = try makeDecoder().decode(RunRecord.self, from: data)
        } catch {
            throw RecordsError.malformedRecord(path: path, reason: describe(error))
        }
        try record.validate(path: path)
        return record
    }

    /// Checks what JSON types cannot: metrics present and finite where the run completed, and so on.
    func validate(path: String) throws {
        for (field, value) in [("model", model), ("dataset", dataset), ("family", family)] where value.isEmpty {
            throw RecordsError.invalidRecord(path: path, field: field, reason: "is empty")
        }
        if isSVariant && (baseline ?? "").isEmpty {
            throw RecordsError.invalidRecord(path: path, field: "baseline", reason: "an \"s\" model must name its baseline")
        }
        switch status {
        case .completed:
            guard let metrics else {
                throw RecordsError.invalidRecord(path: path, field: "metrics", reason: "a completed run must have metrics")
            }
            for (field, value) in [("top1", metrics.top1), ("top5", metrics.top5), ("test_loss", metrics.testLoss)] {
                guard value.isFinite else {
                    throw RecordsError.invalidRecord(path: path, field: "metrics.\(field)", reason: "is not finite")
                }
            }
            for (field, value) in [("top1", metrics.top1), ("top5", metrics.top5)] where !(0...100).contains(value) {
                throw RecordsError.invalidRecord(
                    path: path, field: "metrics.\(field)", reason: "\(value) is not a percentage in 0…100")
            }
        case .diverged:
            guard divergedAtEpoch != nil else {
                throw RecordsError.invalidRecord(
                    path: path, field: "diverged_at_epoch", reason: "a diverged run must say in which epoch")
            }
        case .failed:
            break
        }
    }

    /// "resnet18s on synthetic10 seed 0 failed (worker process killed by signal 9) in FILE": how a run
    /// ended, for messages about missing results.
    public func outcome(source: String) -> String {
        let how: String
        switch status {
        case .completed: how = "completed"
        case .diverged: how = "diverged" + (divergedAtEpoch.map { " in epoch \($0)" } ?? "")
        case .failed: how = "failed" + (failureReason.map { " (\($0.count > 200 ? String($0.prefix(200)) + "…" : $0))" } ?? "")
        }
        return "\(model) on \(dataset) seed \(seed) \(how) in \(source)"
    }

    /// The three standard observations of a completed run; none for a diverged or failed one.
    public func observations(source: String) -> [Observation] {
        guard status == .completed, let metrics else { return [] }
        let location = SourceLocation(file: source)
        return [
            (StandardMetric.top1, metrics.top1), (StandardMetric.top5, metrics.top5),
            (StandardMetric.testLoss, metrics.testLoss),
        ].map { Observation(model: model, dataset: dataset, seed: seed, metric: $0.0, value: $0.1, source: location) }
    }

    private static func describe(_ error: Error) -> String {
        switch error {
        case DecodingError.keyNotFound(let key, let context):
            return "missing key `\(path(context.codingPath + [key]))`"
        case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context):
            return "`\(path(context.codingPath))`: \(context.debugDescription)"
        case DecodingError.dataCorrupted(let context):
            let at = context.codingPath.isEmpty ? "" : "`\(path(context.codingPath))`: "
            let underlying = (context.underlyingError as NSError?)?.localizedDescription
            return at + context.debugDescription + (underlying.map { " (\($0))" } ?? "")
        default:
            return "\(error)"
        }
    }

    private static func path(_ keys: [CodingKey]) -> String {
        keys.map { $0.intValue.map { "[\($0)]" } ?? snake($0.stringValue) }.joined(separator: ".")
    }

    private static func snake(_ key: String) -> String {
        var out = ""
        for ch in key {
            if ch.isUppercase { out += "_" + ch.lowercased() } else { out.append(ch) }
        }
        return out
    }
}
