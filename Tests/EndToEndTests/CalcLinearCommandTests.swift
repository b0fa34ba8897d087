import Foundation
import Testing

/// `gradscope calc linear` as a user runs it: exit statuses, one-line errors, parseable JSON.
struct CalcLinearCommandTests {
    struct Run {
        var status: Int32
        var output: String
        var errors: String
    }

    func calcLinear(_ arguments: String...) -> Run {
        let folder = FileManager.default.temporaryDirectory
        let out = folder.appendingPathComponent("gradscope-calc-\(UUID().uuidString).out").path
        let err = folder.appendingPathComponent("gradscope-calc-\(UUID().uuidString).err").path
        defer {
            try? FileManager.default.removeItem(atPath: out)
            try? FileManager.default.removeItem(atPath: err)
        }
        let environment = ["LANG": "C.UTF-8", "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"]
        let status = spawnAndWait(TmuxHarness.binary!, ["calc", "linear"] + arguments, outputPath: out, errorPath: err,
                                  environment: environment)
        return Run(status: status,
                   output: (try? String(contentsOfFile: out, encoding: .utf8)) ?? "",
                   errors: (try? String(contentsOfFile: err, encoding: .utf8)) ?? "")
    }

    func expectUsageError(_ run: Run, _ expected: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(run.status == 2, "status \(run.status), stderr: \(run.errors)", sourceLocation: sourceLocation)
        #expect(run.errors == "gradscope: \(expected)\n", sourceLocation: sourceLocation)
        #expect(run.output.isEmpty, sourceLocation: sourceLocation)
    }

    @Test func malformedMatricesAreOneLineAndStatus2() {
        guard TmuxHarness.binary != nil else { Issue.record("no gradscope binary"); return }
        expectUsageError(calcLinear("--matrix", "1,2;3"),
                         "--matrix: row 2 has 1 entries but row 1 has 2 (rows must be equal length)")
        expectUsageError(calcLinear("--matrix", "1,nan;3,4"),
                         "--matrix: row 1, column 2 is nan; only finite numbers are allowed")
        expectUsageError(calcLinear("--matrix", ""), "--matrix is empty: give rows like \"1,2;3,4\"")
        expectUsageError(calcLinear("--matrix", "1,two;3,4"), "--matrix: row 1, column 2 'two' is not a number (decimal, such as 2, -0.5 or 1e-3)")
        let nine = Array(repeating: Array(repeating: "1", count: 9).joined(separator: ","), count: 9).joined(separator: ";")
        expectUsageError(calcLinear("--matrix", nine), "--matrix is 9x9: at most 8x8 is supported")
        expectUsageError(calcLinear("--matrix", "1,2;3,4", "--vector", "1,2,3"),
                         "--vector has 3 entries but the matrix has 2 columns (they must match to form A x)")
        // A missing --matrix is an argument-parser usage error: also one line, status 2.
        let missing = calcLinear()
        #expect(missing.status == 2 && missing.errors.split(separator: "\n").count == 1, "\(missing.errors)")
        #expect(missing.errors.hasPrefix("gradscope: ") && missing.errors.contains("--matrix"))
    }

    @Test func goodMatrixGivesParseableJSON() throws {
        guard TmuxHarness.binary != nil else { Issue.record("no gradscope binary"); return }
        // A leading minus in the space form is the value, not an option.
        let run = calcLinear("--matrix", "-1,2;3,4", "--vector", "-1,1", "--json")
        #expect(run.status == 0, "stderr: \(run.errors)")
        #expect(run.errors.isEmpty)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(run.output.utf8)) as? [String: Any])
        #expect(object["shape"] as? [Int] == [2, 2])
        #expect(object["determinant"] as? Double == -10)
        #expect(object["rank"] as? Int == 2)
        #expect(object["Ax"] as? [Double] == [3, 1])
        #expect((object["eigenvalues"] as? [[String: Double]])?.count == 2)
        #expect(object["inverse"] != nil && object["pseudo_inverse"] == nil)
        // Singular: the condition number is the string "inf".
        let singular = calcLinear("--matrix", "1,2;2,4", "--json")
        let parsed = try #require(try JSONSerialization.jsonObject(with: Data(singular.output.utf8)) as? [String: Any])
        #expect(parsed["condition_number"] as? String == "inf")
        #expect(parsed["pseudo_inverse"] != nil && parsed["inverse"] == nil)
    }

    @Test func textShowsTheSeedNorms() {
        guard TmuxHarness.binary != nil else { Issue.record("no gradscope binary"); return }
        let run = calcLinear("--matrix", "1,0,0;0,1,0;0,0,1", "--vector", "3,-4,1")
        #expect(run.status == 0, "stderr: \(run.errors)")
        #expect(run.output.contains("||x||_2   = 5.0990"))
        let help = calcLinear("--help")
        #expect(help.status == 0 && help.output.contains("--matrix"))
    }
}
