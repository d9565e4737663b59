// swift-tools-version:6.0
// recstats: train model pairs over seeds, test their differences (Demšar 2006), write the paper's
// figures and tables as PDF. Sections: C libraries / modules / executable / tests.
import PackageDescription

let package = Package(
    name: "recstats",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "recstats", targets: ["recstats"])
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0")
    ],
    targets: [
        // MARK: C libraries (a modulemap and a shim.h each; imported by exactly one Swift file)
        .systemLibrary(
            name: "COpenBLAS", pkgConfig: "openblas",
            providers: [.apt(["libopenblas-dev"])]),
        // No pkgConfig on purpose: gsl.pc links libgslcblas, which would shadow OpenBLAS (see modulemap).
        .systemLibrary(name: "CGSL", providers: [.apt(["libgsl-dev"])]),
        .systemLibrary(
            name: "CCairo", pkgConfig: "cairo",
            providers: [.apt(["libcairo2-dev"])]),

        // MARK: Modules. COpenBLAS ← NeuralCore ← ModelZoo ← Experiments;
        // CGSL ← RankStats ← ReportRendering ← CCairo; RunRecords is the leaf both sides read; TableFormat is
        // the leaf every output reads (one table value, rendered as text/CSV/Markdown/LaTeX); SafeTensors is the
        // leaf that reads and writes weights in the safetensors format (ModelZoo maps them to PyTorch names).
        .target(name: "RunRecords"),
        .target(name: "TableFormat"),
        .target(name: "SafeTensors"),
        .target(name: "NeuralCore", dependencies: ["COpenBLAS"]),
        .target(name: "ModelZoo", dependencies: ["NeuralCore", "TableFormat", "SafeTensors"]),
        .target(name: "Experiments", dependencies: ["ModelZoo", "NeuralCore", "RunRecords", "SafeTensors", "TableFormat"]),
        .target(name: "RankStats", dependencies: ["CGSL", "RunRecords", "TableFormat"]),
        .target(name: "ReportRendering", dependencies: ["RankStats", "RunRecords", "TableFormat", "CCairo"]),

        // MARK: Executable (thin: one file per subcommand, wiring only)
        .executableTarget(
            name: "recstats",
            dependencies: [
                "RunRecords", "TableFormat", "NeuralCore", "ModelZoo", "Experiments", "RankStats", "ReportRendering",
                "SafeTensors",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),

        // MARK: Tests (one target per module, plus end-to-end tests of the built binary)
        .testTarget(name: "RunRecordsTests", dependencies: ["RunRecords"]),
        .testTarget(name: "TableFormatTests", dependencies: ["TableFormat"]),
        .testTarget(name: "SafeTensorsTests", dependencies: ["SafeTensors"]),
        .testTarget(name: "NeuralCoreTests", dependencies: ["NeuralCore"]),
        .testTarget(name: "ModelZooTests", dependencies: ["ModelZoo", "SafeTensors"]),
        .testTarget(name: "ExperimentsTests", dependencies: ["Experiments", "SafeTensors"]),
        .testTarget(name: "RankStatsTests", dependencies: ["RankStats"]),
        .testTarget(name: "ReportRenderingTests", dependencies: ["ReportRendering", "RankStats", "RunRecords", "TableFormat"]),
        .testTarget(name: "RecstatsCLITests", dependencies: ["recstats", "RunRecords"]),
    ],
    swiftLanguageModes: [.v5]
)
