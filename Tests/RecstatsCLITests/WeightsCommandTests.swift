// End-to-end: `recstats models export/import`, `recstats evaluate` (on a tiny CIFAR-10 written here, its
// accuracy checked against a hand count of the predictions CSV), and a trained run's kept weights.
import Foundation
import Testing

@Suite(.serialized, .timeLimit(.minutes(6))) struct WeightsCommandTests {
    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("recstats-weights-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// CIFAR-10 binary files (1 label byte + 3,072 pixel bytes per record): data_batch_1…5 of 4 records
    /// each and test_batch with the given labels; pixels from a 64-bit LCG (Knuth's MMIX constants).
    static func writeTinyCIFAR10(in directory: URL, testLabels: [UInt8]) throws {
        var state: UInt64 = 12345
        func records(_ labels: [UInt8]) -> Data {
            var data = Data()
            for label in labels {
                data.append(label)
                for _ in 0..<3072 {
                    state = state &* 6364136223846793005 &+ 1442695040888963407
                    data.append(UInt8(truncatingIfNeeded: state >> 56))
                }
            }
            return data
        }
        for b in 1...5 {
            try records([UInt8(b % 10), UInt8((b + 3) % 10), UInt8((b + 5) % 10), UInt8((b + 7) % 10)])
                .write(to: directory.appendingPathComponent("data_batch_\(b).bin"))
        }
        try records(testLabels).write(to: directory.appendingPathComponent("test_batch.bin"))
    }

    /// Parses the predictions CSV: index, label, predicted, logit_0 … logit_9.
    static func predictions(_ path: URL) throws -> [(index: Int, label: Int, predicted: Int, logits: [Double])] {
        let lines = try String(contentsOf: path, encoding: .utf8).split(separator: "\n").map(String.init)
        #expect(lines.first == "index,label,predicted," + (0..<10).map { "logit_\($0)" }.joined(separator: ","))
        return lines.dropFirst().map { line in
            let f = line.split(separator: ",").map(String.init)
            return (Int(f[0])!, Int(f[1])!, Int(f[2])!, f[3...].map { Double($0)! })
        }
    }

    static let testLabels: [UInt8] = [3, 8, 8, 0, 6, 6, 1, 6, 3, 1, 0, 9]

    @Test func evaluateAgreesWithAHandCountOfItsPredictions() throws {
        let dir = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try Self.writeTinyCIFAR10(in: dir, testLabels: Self.testLabels)
        let weights = dir.appendingPathComponent("w.safetensors").path
        let export = try CLIRunner.run(["models", "export", "resnet18s", "--seed", "5", "--width", "1/16", "--classes", "10", "--out", weights])
        #expect(export.status == 0, "\(export.stderr)")
        let csv = dir.appendingPathComponent("p.csv")
        let result = try CLIRunner.run([
            "evaluate", "resnet18s", "--weights", weights, "--dataset", "cifar10", "--dir", dir.path, "--width", "1/16",
            "--classes", "10", "--batch-size", "5", "--predictions", csv.path, "--format", "json",
        ])
        #expect(result.status == 0, "\(result.stderr)")
        let summary = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let rows = try Self.predictions(csv)
        #expect(rows.map(\.index) == Array(0..<12))
        #expect(rows.map(\.label) == Self.testLabels.map(Int.init))
        // Hand count: top-1 = rows whose predicted class is the label; top-5 = rows where fewer than 5
        // classes beat the label's logit (a tie counts against the label only for a smaller class index);
        // loss = mean of log Σ exp(logits) − logit[label].
        var top1 = 0, top5 = 0, loss = 0.0
        for row in rows {
            let mx = row.logits.max()!
            #expect(row.predicted == row.logits.firstIndex(of: mx)!)
            if row.predicted == row.label { top1 += 1 }
            let v = row.logits[row.label]
            let ahead = row.logits.indices.filter { row.logits[$0] > v || (row.logits[$0] == v && $0 < row.label) }.count
            if ahead < 5 { top5 += 1 }
            loss += mx + log(row.logits.map { exp($0 - mx) }.reduce(0, +)) - v
        }
        #expect(summary["images"] as? Int == 12)
        #expect(summary["top1"] as? Double == 100 * Double(top1) / 12)
        #expect(summary["top5"] as? Double == 100 * Double(top5) / 12)
        #expect(abs((summary["loss"] as? Double ?? .nan) - loss / 12) < 1e-5)
    }

    @Test func exportImportAndTheirRefusals() throws {
        let dir = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let weights = dir.appendingPathComponent("r.safetensors").path
        #expect(try CLIRunner.run(["models", "export", "seresnet50s", "--seed", "1", "--width", "1/16", "--out", weights]).status == 0)
        let ok = try CLIRunner.run(["models", "import", weights, "--model", "seresnet50s", "--width", "1/16"])
        #expect(ok.status == 0 && ok.stdout.contains("fits seresnet50s"), "\(ok.stderr)")

        // The wrong width: the first tensor (the stem conv, 4 = round(64/16) output channels) is named.
        let wide = try CLIRunner.run(["models", "import", weights, "--model", "seresnet50s", "--width", "1/8"])
        #expect(wide.status == 1 && wide.stderr.contains("tensor `pre.0.weight`: shape [4, 3, 3, 3]") && wide.stderr.contains(weights))

        // Not a safetensors file, and a truncated one.
        let text = dir.appendingPathComponent("notes.safetensors")
        try Data("just some text, long enough".utf8).write(to: text)
        let bad = try CLIRunner.run(["models", "import", text.path, "--model", "resnet18"])
        #expect(bad.status == 1 && bad.stderr.contains(text.path) && bad.stderr.contains("not a safetensors file"))
        let cut = dir.appendingPathComponent("cut.safetensors")
        try Data(try Data(contentsOf: URL(fileURLWithPath: weights)).dropLast(6)).write(to: cut)
        let truncated = try CLIRunner.run(["models", "import", cut.path, "--model", "seresnet50s", "--width", "1/16"])
        #expect(truncated.status == 1 && truncated.stderr.contains("tensor `") && truncated.stderr.contains("truncated"))

        // Two sources: a usage error, and nothing written.
        let out = dir.appendingPathComponent("never.safetensors").path
        let both = try CLIRunner.run(["models", "export", "resnet18", "--seed", "1", "--checkpoint", "x.ckpt", "--out", out])
        #expect(both.status == 64 && !FileManager.default.fileExists(atPath: out))
        // A record that does not exist: exit 1, nothing written.
        let missing = try CLIRunner.run(["models", "export", "resnet18", "--record", dir.appendingPathComponent("no.json").path, "--out", out])
        #expect(missing.status == 1 && !FileManager.default.fileExists(atPath: out))
    }

    @Test func aTrainedRunKeepsItsWeightsAndEvaluatesToItsRecord() throws {
        let dir = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try Self.writeTinyCIFAR10(in: dir, testLabels: Self.testLabels)
        let results = dir.appendingPathComponent("runs")
        let run = try CLIRunner.run([
            "run", "--model", "resnet18s", "--dataset", "cifar10", "--seed", "1", "--preset", "smoke", "--train-size", "20",
            "--test-size", "12", "--batch-size", "4", "--threads", "1", "--results-dir", results.path, "--data-dir", dir.path,
        ])
        #expect(run.status == 0, "\(run.stderr)")
        let record = results.appendingPathComponent("resnet18s__cifar10__seed1.json")
        let kept = results.appendingPathComponent("weights/resnet18s__cifar10__seed1.safetensors")
        #expect(FileManager.default.fileExists(atPath: kept.path))

        let evaluation = try CLIRunner.run(["evaluate", "--record", record.path, "--dir", dir.path, "--format", "json"])
        #expect(evaluation.status == 0, "\(evaluation.stderr)")
        let summary = try #require(try JSONSerialization.jsonObject(with: Data(evaluation.stdout.utf8)) as? [String: Any])
        let json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: record)) as? [String: Any])
        let metrics = try #require(json["metrics"] as? [String: Any])
        // The trainer's last evaluation and this one see the same weights, images and batches.
        #expect(summary["top1"] as? Double == metrics["top1"] as? Double)
        #expect(summary["top5"] as? Double == metrics["top5"] as? Double)
        #expect(abs((summary["loss"] as? Double ?? .nan) - (metrics["test_loss"] as? Double ?? .infinity)) < 1e-9)

        // Export from the record gives the kept file byte for byte (same tensors, steps and metadata).
        let exported = dir.appendingPathComponent("e.safetensors")
        let export = try CLIRunner.run(["models", "export", "resnet18s", "--record", record.path, "--out", exported.path])
        #expect(export.status == 0, "\(export.stderr)")
        #expect(try Data(contentsOf: exported) == Data(contentsOf: kept))
    }
}
