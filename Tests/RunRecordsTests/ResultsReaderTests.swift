import Foundation
import Testing
@testable import RunRecords

@Suite struct ResultsReaderTests {
    @Test func parsesTidyCSVWithQuotesCRLFAndEmptySeed() throws {
        let text = "\u{FEFF}model,dataset,seed,metric,value\r\nResNet18,CIFAR10,,top1,94.32\r\n\"Res,Net\",CIFAR10,617,top1,\"95\"\r\n\r\n"
        let rows = try TidyCSV.parse(text, path: "t.csv")
        #expect(rows.count == 2)
        #expect(rows[0] == Observation(model: "ResNet18", dataset: "CIFAR10", seed: nil, metric: "top1", value: 94.32, source: SourceLocation(file: "t.csv", line: 2)))
        #expect(rows[1].model == "Res,Net")
        #expect(rows[1].seed == 617)
        #expect(rows[1].value == 95)
    }

    @Test func csvErrorsNameFileAndLine() {
        #expect(throws: RecordsError.csvHeader(path: "h.csv", found: "model,value")) {
            try TidyCSV.parse("model,value\nA,1\n", path: "h.csv")
        }
        #expect(throws: RecordsError.csvRow(path: "v.csv", line: 3, reason: "value `abc` is not a number")) {
            try TidyCSV.parse("model,dataset,seed,metric,value\nA,d,,top1,1\nB,d,,top1,abc\n", path: "v.csv")
        }
        #expect(throws: RecordsError.csvRow(path: "n.csv", line: 2, reason: "value `nan` is not finite (NaN or infinite)")) {
            try TidyCSV.parse("model,dataset,seed,metric,value\nA,d,,top1,nan\n", path: "n.csv")
        }
        #expect(throws: RecordsError.csvRow(path: "s.csv", line: 2, reason: "seed `x1` is not a whole number")) {
            try TidyCSV.parse("model,dataset,seed,metric,value\nA,d,x1,top1,1\n", path: "s.csv")
        }
        #expect(throws: RecordsError.csvRow(path: "f.csv", line: 2, reason: "expected 5 fields (model,dataset,seed,metric,value), found 4")) {
            try TidyCSV.parse("model,dataset,seed,metric,value\nA,d,1,top1\n", path: "f.csv")
        }
    }

    @Test func renderParsesBack() throws {
        let rows = [Observation(model: "a,b", dataset: "d", seed: 3, metric: "top1", value: 94.5, source: SourceLocation(file: "x")),
                    Observation(model: "c", dataset: "d", seed: nil, metric: "params", value: 11_220_000, source: SourceLocation(file: "x"))]
        let parsed = try TidyCSV.parse(TidyCSV.render(rows), path: "x")
        #expect(parsed.map(\.model) == ["a,b", "c"])
        #expect(parsed.map(\.value) == [94.5, 11_220_000])
        #expect(parsed.map(\.seed) == [3, nil])
    }

    @Test func readsADirectoryTreeOfRecordsAndCSVSkippingHiddenFiles() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try AtomicFile.write(sampleRecord(seed: 0), into: dir + "/runs")
        try AtomicFile.write(sampleRecord(seed: 1, status: .diverged), into: dir + "/runs")
        try AtomicFile.write(Data("model,dataset,seed,metric,value\nresnet18,cifar10,0,top1,94\n".utf8), to: dir + "/extra/t.csv")
        try AtomicFile.write(Data("garbage".utf8), to: dir + "/runs/.checkpoints/state.json")
        let set = try ResultsReader.load(path: dir)
        #expect(set.records.count == 2)
        #expect(set.unfinishedRuns.map(\.record.seed) == [1])
        #expect(set.observations.count == 4)
        #expect(set.models == ["resnet18", "resnet18s"])
        #expect(set.configurations.count == 1)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir + "/runs").allSatisfy { !$0.hasSuffix(".tmp") })
    }

    @Test func corruptRecordInATreeIsNamed() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try AtomicFile.write(Data("{\"schema_version\": 1, \"model\": ".utf8), to: dir + "/bad.json")
        do {
            _ = try ResultsReader.load(path: dir)
            Issue.record("a corrupt record was read")
        } catch RecordsError.malformedRecord(let path, _) {
            #expect(path.hasSuffix("/bad.json"))
        }
    }

    @Test func duplicatesAndEmptyInputsAreRefused() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        #expect(throws: RecordsError.noResults(path: dir)) { try ResultsReader.load(path: dir) }
        #expect(throws: RecordsError.notFound(path: dir + "/nope")) { try ResultsReader.load(path: dir + "/nope") }
        let csv = "model,dataset,seed,metric,value\nA,d,1,top1,1\n"
        try AtomicFile.write(Data(csv.utf8), to: dir + "/a.csv")
        try AtomicFile.write(Data(csv.utf8), to: dir + "/b.csv")
        #expect(throws: RecordsError.duplicate(model: "A", dataset: "d", seed: 1, metric: "top1", first: dir + "/a.csv:2", second: dir + "/b.csv:2")) {
            try ResultsReader.load(path: dir)
        }
    }

    @Test func pairsByRecordAndByName() {
        let models = ["ResNet18", "ResNet18s", "res2next29-8c25w", "res2next29-8c25w-s", "Lonely", "Other"]
        #expect(ModelPairs.find(in: models) == [
            ModelPair(baseline: "ResNet18", variant: "ResNet18s"),
            ModelPair(baseline: "res2next29-8c25w", variant: "res2next29-8c25w-s"),
        ])
        var record = sampleRecord(model: "Other")
        record.baseline = "Lonely"
        #expect(ModelPairs.find(in: models, records: [record]).contains(ModelPair(baseline: "Lonely", variant: "Other")))
    }
}

// Issue 15: a baseline pairs with its "s" twin and with every design trained on its family; two records
// that give one design name two formulas are refused, naming both files.
@Suite struct DesignRecordTests {
    static func designRecord(_ design: String, formula: String, seed: Int = 0) -> RunRecord {
        var r = sampleRecord(model: "resnet18+\(design)", seed: seed)
        r.isSVariant = false
        r.baseline = "resnet18"
        r.design = RecordedDesign(name: design, formula: formula)
        return r
    }

    @Test func aBaselinePairsWithItsTwinAndEveryDesign() {
        let records = [Self.designRecord("hb", formula: "X[i] = X[i-1] + W[i] X[i-1]"), Self.designRecord("a4-2", formula: "X[i] = W[i] X[i-1] + W[i-1] X[i-2]")]
        let models = ["resnet18", "resnet18s", "resnet18+hb", "resnet18+a4-2", "resnet34", "resnet34+nesterov"]
        #expect(ModelPairs.find(in: models, records: records) == [
            ModelPair(baseline: "resnet18", variant: "resnet18s"),
            ModelPair(baseline: "resnet18", variant: "resnet18+hb"),
            ModelPair(baseline: "resnet18", variant: "resnet18+a4-2"),
            // By name: FAMILY+DESIGN without a record (a tidy CSV).
            ModelPair(baseline: "resnet34", variant: "resnet34+nesterov"),
        ])
        // A design whose family is absent has no pair.
        #expect(ModelPairs.find(in: ["resnet50+hb"]).isEmpty)
    }

    @Test func twoFormulasUnderOneNameAreRefusedNamingBothFiles() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("recstats-designs-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let first = Self.designRecord("hb", formula: "X[i] = X[i-1] + W[i] X[i-1]", seed: 0)
        let second = Self.designRecord("hb", formula: "X[i] = X[i-1] + W[i] X[i-1] + X[i-2]", seed: 1)
        for r in [first, second] { try r.jsonData().write(to: URL(fileURLWithPath: dir + "/" + r.fileName)) }
        do {
            _ = try ResultsReader.load(path: dir, knownModels: ["resnet18"])
            Issue.record("two formulas under one name were pooled")
        } catch let error as RecordsError {
            guard case .designConflict(let design, let a, _, let b, _) = error else {
                Issue.record("expected designConflict, got \(error)")
                return
            }
            #expect(design == "hb")
            #expect(Set([a, b]) == Set([first.fileName, second.fileName].map { dir + "/" + $0 }))
            #expect(error.description.contains("X[i] = X[i-1] + W[i] X[i-1] + X[i-2]"))
        }
        // One formula: read, and the FAMILY+DESIGN id is known through its record's design.
        try FileManager.default.removeItem(atPath: dir + "/" + second.fileName)
        let set = try ResultsReader.load(path: dir, knownModels: ["resnet18"])
        #expect(set.records.map(\.model) == ["resnet18+hb"])
        // A FAMILY+DESIGN id whose design field names another design is unknown.
        var wrong = first
        wrong.design = RecordedDesign(name: "other", formula: "X[i] = X[i-1] + W[i] X[i-1]")
        try wrong.jsonData().write(to: URL(fileURLWithPath: dir + "/" + first.fileName))
        #expect(throws: RecordsError.self) { try ResultsReader.load(path: dir, knownModels: ["resnet18"]) }
    }
}
