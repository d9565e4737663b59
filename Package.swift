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
        // CGSL ← RankStats ← ReportRendering ← CCairo; RunRecords is read by both sides; TableFormat is
        // the leaf every output reads (RunRecords too, for its CSV quoting): one table value, rendered as
        // text/CSV/Markdown/LaTeX. SafeTensors is the leaf that reads and writes weights in the safetensors
        // format (ModelZoo maps them to PyTorch names).
        .target(name: "RunRecords", dependencies: ["TableFormat"]),
        .target(name: "TableFormat"),
        .target(name: "SafeTensors"),
        .target(name: "Formulas"),  // leaf: recursion formulas parsed and expanded exactly (pure Swift, no C)
        .target(name: "NeuralCore", dependencies: ["COpenBLAS"]),
        .target(name: "ModelZoo", dependencies: ["NeuralCore", "TableFormat", "SafeTensors", "Formulas"]),
        .target(name: "Experiments", dependencies: ["ModelZoo", "NeuralCore", "RunRecords", "SafeTensors", "TableFormat"]),
        .target(name: "RankStats", dependencies: ["CGSL", "RunRecords", "TableFormat"]),
        .target(name: "ReportRendering", dependencies: ["RankStats", "RunRecords", "TableFormat", "Formulas", "CCairo"]),

        // MARK: Executable (thin: one file per subcommand, wiring only)
        .executableTarget(
            name: "recstats",
            dependencies: [
                "RunRecords", "TableFormat", "NeuralCore", "ModelZoo", "Experiments", "RankStats", "ReportRendering",
                "Formulas", "SafeTensors",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),

        // MARK: Tests (one target per module, plus end-to-end tests of the built binary; TestSupport holds the
        // process runner with deadlines, temporary directories and tiny CIFAR files they share)
        .target(name: "TestSupport", path: "Tests/TestSupport"),
        .target(name: "GradientSupport", dependencies: ["NeuralCore"], path: "Tests/GradientSupport"),  // the finite-difference checker
        .testTarget(name: "RunRecordsTests", dependencies: ["RunRecords", "TestSupport"]),
        .testTarget(name: "TableFormatTests", dependencies: ["TableFormat"]),
        .testTarget(name: "FormulasTests", dependencies: ["Formulas"]),
        .testTarget(name: "SafeTensorsTests", dependencies: ["SafeTensors"]),
        .testTarget(name: "NeuralCoreTests", dependencies: ["NeuralCore", "GradientSupport"]),
        .testTarget(name: "ModelZooTests", dependencies: ["ModelZoo", "SafeTensors", "GradientSupport", "Formulas"]),
        .testTarget(name: "ExperimentsTests", dependencies: ["Experiments", "SafeTensors", "TestSupport"]),
        .testTarget(name: "RankStatsTests", dependencies: ["RankStats"]),
        .testTarget(name: "ReportRenderingTests", dependencies: ["ReportRendering", "RankStats", "RunRecords", "TableFormat", "Formulas"]),
        .testTarget(name: "RecstatsCLITests", dependencies: ["recstats", "RunRecords", "TestSupport"]),
    ],
    swiftLanguageModes: [.v5]
)
