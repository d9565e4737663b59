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
}
