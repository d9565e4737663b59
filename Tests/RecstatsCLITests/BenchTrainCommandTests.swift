// End-to-end: `recstats bench train` builds any zoo model (a tiny one here; speed is measured by hand).
import Foundation
import Testing

@Suite(.timeLimit(.minutes(10))) struct BenchTrainCommandTests {
    /// The bench trains the zoo network: its allocated parameters equal the counter's (`models`), and
    /// the MACs the layers counted on the tape equal the counter's MACs per image.
    @Test(arguments: ["res2next29-8c25w-s", "seresnet50"]) func anyZooModel(id: String) throws {
        let bench = try CLIRunner.run([
            "bench", "train", "--model", id, "--width", "1/16", "--batch", "2", "--steps", "1", "--threads", "1",
            "--classes", "10", "--json",
        ])
        #expect(bench.status == 0, "\(bench.stderr)")
        let result = try #require(try JSONSerialization.jsonObject(with: Data(bench.stdout.utf8)) as? [String: Any])
        let models = try CLIRunner.run(["models", "--width", "1/16", "--classes", "10", "--format", "json"])
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(models.stdout.utf8)) as? [[String: Any]])
        let row = try #require(rows.first { $0["id"] as? String == id })
        #expect(result["parameters"] as? Int == row["parameters"] as? Int)
        #expect(result["macs_per_image"] as? Int == row["macs_per_image"] as? Int)
        #expect((result["images_per_second"] as? Double ?? 0) > 0)
    }

    @Test func unknownModelIsABadArgument() throws {
        let r = try CLIRunner.run(["bench", "train", "--model", "resnet19"])
        #expect(r.status == 64)
        #expect(r.stderr.contains("resnet19"))
    }

    /// `--all` runs each model in its own process: one entry per model with the counter's parameters, and
    /// the sum of seconds per image is Σ best step / batch over the entries.
    @Test func allModelsEachInItsOwnProcess() throws {
        let bench = try CLIRunner.run([
            "bench", "train", "--all", "--models", "resnet18,resnet18s", "--width", "1/16", "--image-size", "16", "--batch", "2",
            "--steps", "1", "--threads", "1", "--classes", "10", "--json",
        ], timeout: 300)
        #expect(bench.status == 0, "\(bench.stderr)")
        let all = try #require(try JSONSerialization.jsonObject(with: Data(bench.stdout.utf8)) as? [String: Any])
        let entries = try #require(all["models"] as? [[String: Any]])
        #expect(entries.compactMap { $0["model"] as? String } == ["resnet18", "resnet18s"])
        let models = try CLIRunner.run(["models", "--width", "1/16", "--classes", "10", "--image-size", "16", "--format", "json"])
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(models.stdout.utf8)) as? [[String: Any]])
        var sum = 0.0
        for entry in entries {
            let result = try #require(entry["result"] as? [String: Any])
            let row = try #require(rows.first { $0["id"] as? String == entry["model"] as? String })
            #expect(result["parameters"] as? Int == row["parameters"] as? Int)
            #expect((result["peak_resident_bytes"] as? Int ?? 0) > 0)
            sum += (result["best_step_seconds"] as? Double ?? .nan) / 2
        }
        #expect(abs((all["sum_of_seconds_per_image"] as? Double ?? .nan) - sum) <= 1e-12 * max(1, sum))
        let bad = try CLIRunner.run(["bench", "train", "--all", "--models", "resnet18,resnet19"])
        #expect(bad.status == 64 && bad.stderr.contains("resnet19"))
    }
}
