import Foundation
import TestSupport
import Testing
@testable import RunRecords

func temporaryDirectory(_ name: String = #function) throws -> String { try makeTemporaryDirectory(name).path }

func sampleRecord(model: String = "resnet18s", seed: Int = 617, status: RunStatus = .completed) -> RunRecord {
    let config = TrainingConfiguration(
        preset: "paper", widthMultiplier: 1, classes: 10, epochs: 200, batchSize: 128, learningRate: 0.1,
        momentum: 0.9, weightDecay: 5e-4, schedule: .cosine, augmentation: true, cropPadding: 4, sForm: .published)
    let start = Date(timeIntervalSince1970: 1_700_000_000)
    return RunRecord(
        model: model, displayName: "ResNet18s", family: "resnet", isSVariant: true, baseline: "resnet18",
        dataset: "cifar10", seed: seed, configuration: config,
        metrics: status == .completed ? FinalMetrics(top1: 94.7, top5: 99.8, testLoss: 0.21) : nil,
        history: [EpochRecord(epoch: 1, learningRate: 0.1, trainLoss: 1.5, trainTop1: 45, testLoss: 1.2, testTop1: 55, testTop5: 93, seconds: 30)],
        parameters: 11_393_956, macsPerImage: 561_760_256, wallTimeSeconds: 6000, status: status,
        divergedAtEpoch: status == .diverged ? 3 : nil,
        provenance: Provenance(recstatsVersion: "0.1.0", gitCommit: "abc1234", host: "node1", startedAt: start, endedAt: start.addingTimeInterval(6000)))
}

@Suite struct RunRecordTests {
    @Test func roundTripsThroughJSONWithSnakeCaseKeys() throws {
        let record = sampleRecord()
        let data = try record.jsonData()
        let text = String(decoding: data, as: UTF8.self)
        for key in ["\"schema_version\" : 1", "\"is_s_variant\" : true", "\"macs_per_image\" : 561760256",
                    "\"weight_decay\" : 0.0005", "\"started_at\" : \"2023-11-14T22:13:20Z\""] {
            #expect(text.contains(key), "missing \(key)")
        }
        #expect(try RunRecord.decode(data, path: "r.json") == record)
    }

    @Test func newerSchemaIsRefusedByName() throws {
        var text = String(decoding: try sampleRecord().jsonData(), as: UTF8.self)
        text = text.replacingOccurrences(of: "\"schema_version\" : 1", with: "\"schema_version\" : 9")
        #expect(throws: RecordsError.unsupportedSchema(path: "x.json", found: 9, supported: 1)) {
            try RunRecord.decode(Data(text.utf8), path: "x.json")
        }
    }

    @Test func truncatedFileIsMalformed() throws {
        let data = try sampleRecord().jsonData()
        do {
            _ = try RunRecord.decode(data.prefix(data.count / 2), path: "cut.json")
            Issue.record("a truncated record decoded")
        } catch let error as RecordsError {
            guard case .malformedRecord(let path, _) = error else { Issue.record("wrong error \(error)"); return }
            #expect(path == "cut.json")
        }
    }

    @Test func missingFieldIsNamed() throws {
        var object = try JSONSerialization.jsonObject(with: sampleRecord().jsonData()) as! [String: Any]
        object["dataset"] = nil
        let data = try JSONSerialization.data(withJSONObject: object)
        #expect(throws: RecordsError.malformedRecord(path: "m.json", reason: "missing key `dataset`")) {
            try RunRecord.decode(data, path: "m.json")
        }
    }

    @Test func completedRunNeedsFiniteMetrics() throws {
        var record = sampleRecord()
        record.metrics = nil
        #expect(throws: RecordsError.invalidRecord(path: "c.json", field: "metrics", reason: "a completed run must have metrics")) {
            try RunRecord.decode(try record.jsonData(), path: "c.json")
        }
        record.metrics = FinalMetrics(top1: 140, top5: 99, testLoss: 0.1)
        #expect(throws: RecordsError.invalidRecord(path: "c.json", field: "metrics.top1", reason: "140.0 is not a percentage in 0…100")) {
            try RunRecord.decode(try record.jsonData(), path: "c.json")
        }
    }

    @Test func divergedRunsYieldNoObservations() {
        #expect(sampleRecord(status: .diverged).observations(source: "d.json").isEmpty)
        let observed = sampleRecord().observations(source: "r.json")
        #expect(observed.map(\.metric) == ["top1", "top5", "test_loss"])
        #expect(observed.map(\.value) == [94.7, 99.8, 0.21])
    }
}
