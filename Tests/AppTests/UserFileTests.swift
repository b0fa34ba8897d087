@testable import App
import Calc
import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Testing
@testable import Labs
@testable import Lecture

/// Files the user names: a replace (`record --force`, "overwrite? y") replaces only a regular
/// file; a FIFO, a socket, a folder or a symbolic link is refused and left as it was. Tested in
/// a private temporary folder with mkfifo, bind and symlink (never on /dev).
@Suite struct UserFileTests {
    let folder: String = {
        let path = NSTemporaryDirectory() + "gradscope-userfile-\(UUID().uuidString)"
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }()

    func removeFolder() { try? FileManager.default.removeItem(atPath: folder) }

    func refusal(_ path: String, replacing: Bool = true) -> String? {
        do {
            try UserFile.write("new", to: path, replacing: replacing)
            return nil
        } catch {
            return error.reason
        }
    }

    /// The folder's entries other than `kept` (no temporary file is left behind).
    func leftovers(besides kept: Set<String>) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).filter { !kept.contains($0) }
    }

    @Test func replacesOnlyARegularFile() throws {
        defer { removeFolder() }
        let file = folder + "/out.cast"
        try "old".write(toFile: file, atomically: false, encoding: .utf8)
        chmod(file, 0o640)
        #expect(refusal(file, replacing: false) == "exists (not overwritten)")
        #expect(try String(contentsOfFile: file, encoding: .utf8) == "old")
        #expect(refusal(file) == nil)
        #expect(try String(contentsOfFile: file, encoding: .utf8) == "new")
        var info = stat()
        #expect(lstat(file, &info) == 0 && info.st_mode & 0o777 == 0o640, "the file's permissions are kept")
        #expect(leftovers(besides: ["out.cast"]).isEmpty)
        // A new file is created (0644 before the umask).
        #expect(refusal(folder + "/fresh.cast", replacing: false) == nil)
        #expect(try String(contentsOfFile: folder + "/fresh.cast", encoding: .utf8) == "new")
    }

    @Test func refusesAFIFO() throws {
        defer { removeFolder() }
        let fifo = folder + "/pipe"
        #expect(mkfifo(fifo, 0o600) == 0)
        #expect(refusal(fifo) == "is a named pipe (FIFO); only a regular file is replaced, so it is left untouched")
        var info = stat()
        #expect(lstat(fifo, &info) == 0 && info.st_mode & S_IFMT == S_IFIFO, "the FIFO is still there")
        #expect(leftovers(besides: ["pipe"]).isEmpty)
    }

    @Test func refusesASymbolicLinkAndKeepsItsTarget() throws {
        defer { removeFolder() }
        let target = folder + "/target", link = folder + "/link"
        try "precious".write(toFile: target, atomically: false, encoding: .utf8)
        #expect(symlink(target, link) == 0)
        #expect(refusal(link) == "is a symbolic link; only a regular file is replaced, so it is left untouched")
        #expect(refusal(link, replacing: false) == "exists (not overwritten)")
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link) == target)
        #expect(try String(contentsOfFile: target, encoding: .utf8) == "precious")
        // A link to nowhere is not followed either (nothing is created at its target).
        let dangling = folder + "/dangling"
        #expect(symlink(folder + "/nowhere", dangling) == 0)
        #expect(refusal(dangling, replacing: false) == "exists (not overwritten)")
        #expect(refusal(dangling) == "is a symbolic link; only a regular file is replaced, so it is left untouched")
        #expect(!FileManager.default.fileExists(atPath: folder + "/nowhere"))
        #expect(leftovers(besides: ["target", "link", "dangling"]).isEmpty)
    }

    @Test func refusesAFolderAndASocket() throws {
        defer { removeFolder() }
        let sub = folder + "/sub"
        try FileManager.default.createDirectory(atPath: sub, withIntermediateDirectories: false)
        #expect(refusal(sub) == "is a folder; only a regular file is replaced, so it is left untouched")
        let socketPath = folder + "/s.sock"
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { buffer in
            for (index, byte) in socketPath.utf8.enumerated() where index < buffer.count - 1 { buffer[index] = byte }
        }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        #expect(bound == 0)
        #expect(refusal(socketPath) == "is a socket; only a regular file is replaced, so it is left untouched")
        #expect(leftovers(besides: ["sub", "s.sock"]).isEmpty)
    }

    @Test func readingIsBoundedAndNeverWaits() throws {
        defer { removeFolder() }
        let fifo = folder + "/pipe.csv"
        #expect(mkfifo(fifo, 0o600) == 0)
        #expect(throws: CalcInputError("\(fifo): is a named pipe (FIFO), not a regular file")) { try readDataFile(fifo) }
        #expect(throws: CalcInputError("\(folder): is a folder, not a regular file")) { try readDataFile(folder) }
        #expect(throws: CalcInputError("\(folder)/none.csv: does not exist")) { try readDataFile(folder + "/none.csv") }
        let big = folder + "/big.csv"
        try String(repeating: "1,1,0\n", count: 700_000).write(toFile: big, atomically: false, encoding: .utf8)
        #expect(throws: CalcInputError("\(big): is 4.2 MB (4200000 bytes); data files are limited to 4 MB")) { try readDataFile(big) }
        let binary = folder + "/bin.csv"
        try Data([0xFF, 0xFE, 0x00]).write(to: URL(fileURLWithPath: binary))
        #expect(throws: CalcInputError("\(binary): is not UTF-8 text")) { try readDataFile(binary) }
    }
}

/// The lecture socket's folder: one made here is private; one that exists is used only as it
/// is — never re-owned or re-moded — and refused when others could write in it.
@Suite struct SocketFolderTests {
    let parent: String = {
        let path = NSTemporaryDirectory() + "gradscope-socketfolder-\(UUID().uuidString)"
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        chmod(path, 0o700)
        return path
    }()

    func mode(_ path: String) -> mode_t {
        var info = stat()
        return lstat(path, &info) == 0 ? info.st_mode & 0o7777 : 0
    }

    func refusal(_ folder: String, group: gid_t? = nil) -> String? {
        do {
            try SocketFolder.prepare(folder, group: group, groupName: group.map { _ in "staff" })
            return nil
        } catch {
            return error.message
        }
    }

    @Test func newFoldersArePrivate() {
        defer { try? FileManager.default.removeItem(atPath: parent) }
        #expect(refusal(parent + "/a") == nil && mode(parent + "/a") == 0o700)
        #expect(refusal(parent + "/b", group: getgid()) == nil && mode(parent + "/b") == 0o750)
    }

    @Test func writableByOthersIsRefusedAndLeftAlone() {
        defer { try? FileManager.default.removeItem(atPath: parent) }
        let open = parent + "/open"
        mkdir(open, 0o700)
        chmod(open, 0o777)
        #expect(refusal(open) == "\(open) is writable by everyone (mode 0777), so anyone there could replace the socket; "
                + "make it private (chmod 700 \(open)) or choose another --socket")
        #expect(mode(open) == 0o777)
        chmod(open, 0o770)
        #expect(refusal(open, group: getgid())?.hasPrefix("\(open) is writable by its group (mode 0770)") == true)
        #expect(mode(open) == 0o770)
    }

    /// `--group` used to chown and chmod an existing folder; now it says what to do instead.
    @Test func anExistingFolderIsNotRegrouped() {
        defer { try? FileManager.default.removeItem(atPath: parent) }
        let mine = parent + "/mine"
        mkdir(mine, 0o700)
        chmod(mine, 0o700)
        #expect(refusal(mine, group: getgid()) == "\(mine) exists but is not open to group 'staff' (mode 0700); it is left as it is: "
                + "chgrp staff \(mine) && chmod 750 \(mine), or choose another --socket")
        #expect(mode(mine) == 0o700)
        chmod(mine, 0o750)
        #expect(refusal(mine, group: getgid()) == nil && mode(mine) == 0o750)
        #expect(refusal(mine) == nil)
        let link = parent + "/link"
        symlink(mine, link)
        #expect(refusal(link) == "\(link) is a symbolic link; a lecture socket needs a real folder (choose another --socket)")
    }
}
