// Writes a built report: the multi-page PDF and, with a figures directory, every figure alone as PDF,
// SVG and PNG and every table as LaTeX, CSV and Markdown. Everything is rendered in memory first, so a
// Cairo failure writes nothing; each file is then written atomically (temporary file, then rename).
import Foundation
import TableFormat
import RunRecords

public enum ReportWriter {
    /// Padding around a figure written on its own, in points.
    static let figurePadding = 8.0

    /// The files to write, path → bytes, in writing order (the PDF last).
    public static func render(_ report: Report, to path: String, figuresDirectory: String?) throws -> [(path: String, data: Data)] {
        var files: [(String, Data)] = []
        if let directory = figuresDirectory {
            let base = URL(fileURLWithPath: directory)
            for figure in report.figures {
                var padded = Drawing(width: figure.drawing.width + 2 * figurePadding, height: figure.drawing.height + 2 * figurePadding)
                padded.place(figure.drawing, dx: figurePadding, dy: figurePadding)
                let stem = base.appendingPathComponent(figure.slug).path
                for kind in [FigureFile.Kind.pdf, .svg, .png] {
                    files.append((stem + "." + kind.rawValue, try FigureFile.data(padded, as: kind, title: figure.title)))
                }
            }
            for table in report.tables {
                let stem = base.appendingPathComponent(table.slug).path
                files.append((stem + ".tex", Data(TableWriter.latex(table).utf8)))
                files.append((stem + ".csv", Data(TableWriter.csv(table).utf8)))
                files.append((stem + ".md", Data(TableWriter.markdown(table).utf8)))
            }
        }
        files.append((path, try CairoRenderer.pdf(pages: report.pages, title: report.title)))
        return files
    }

    /// Refuses, before any work, destinations that cannot be written: a figures directory (or the PDF's
    /// folder) that exists as a file.
    public static func checkDestinations(out path: String, figuresDirectory: String?) throws {
        var isDirectory: ObjCBool = false
        if let directory = figuresDirectory, FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), !isDirectory.boolValue {
            throw ReportError.notADirectory(path: directory, option: "--figures-dir")
        }
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        if FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory), !isDirectory.boolValue {
            throw ReportError.notADirectory(path: folder, option: "--out's folder")
        }
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
            throw ReportError.writeFailed(path: path, reason: "--out names a directory; name the PDF file to write")
        }
    }

    /// Renders and writes; returns the paths written.
    @discardableResult
    public static func write(_ report: Report, to path: String, figuresDirectory: String?) throws -> [String] {
        try checkDestinations(out: path, figuresDirectory: figuresDirectory)
        let files = try render(report, to: path, figuresDirectory: figuresDirectory)
        for file in files { try AtomicFile.write(file.data, to: file.path) }
        return files.map(\.path)
    }
}
