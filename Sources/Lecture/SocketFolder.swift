import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The folder a lecture socket lives in. Whoever can write in it can replace the socket with
/// their own and impersonate the presenter, so it must be the presenter's and writable by
/// nobody else. A folder made here is private (0700), or 0750 and the group's with `--group`.
/// A folder that already exists is used only as it is, never changed: it must be a real folder
/// (not a symbolic link), owned by the presenter, not writable by its group or by others, and
/// with `--group` already the group's and open to it (read and search).
public enum SocketFolder {
    /// Makes `folder`, or checks the existing one; the message says why not and what to do.
    public static func prepare(_ folder: String, group gid: gid_t?, groupName: String?) throws(LectureError) {
        var info = stat()
        guard lstat(folder, &info) == 0 else {
            guard errno == ENOENT else { throw LectureError("cannot use \(folder): " + String(cString: strerror(errno))) }
            try create(folder, group: gid)
            return
        }
        try check(folder, info, group: gid, groupName: groupName ?? "")
    }

    /// A new folder: 0700, or 0750 and `gid`'s.
    static func create(_ folder: String, group gid: gid_t?) throws(LectureError) {
        guard mkdir(folder, 0o700) == 0 else {
            throw LectureError("cannot create \(folder): \(String(cString: strerror(errno)))")
        }
        guard let gid else { return }
        // Ours and new: safe to give to the group (mkdir's mode is cut by the umask, so set it).
        guard chown(folder, getuid(), gid) == 0, chmod(folder, 0o750) == 0 else {
            let reason = String(cString: strerror(errno))
            rmdir(folder)
            throw LectureError("cannot give \(folder) to the group: \(reason)")
        }
    }

    /// An existing folder, judged as found.
    static func check(_ folder: String, _ info: stat, group gid: gid_t?, groupName: String) throws(LectureError) {
        let mode = info.st_mode & 0o7777
        let octal = String(format: "%04o", mode)
        switch info.st_mode & S_IFMT {
        case S_IFDIR: break
        case S_IFLNK: throw LectureError("\(folder) is a symbolic link; a lecture socket needs a real folder (choose another --socket)")
        default: throw LectureError("\(folder) exists and is not a folder (choose another --socket)")
        }
        guard info.st_uid == getuid() else {
            throw LectureError("\(folder) belongs to another user; choose another --socket")
        }
        guard mode & 0o022 == 0 else {
            let who = mode & 0o002 != 0 ? "everyone" : "its group"
            throw LectureError("\(folder) is writable by \(who) (mode \(octal)), so anyone there could replace the socket; "
                               + "make it private (chmod 700 \(folder)) or choose another --socket")
        }
        if let gid, info.st_gid != gid || mode & 0o050 != 0o050 {
            throw LectureError("\(folder) exists but is not open to group '\(groupName)' (mode \(octal)); it is left as it is: "
                               + "chgrp \(groupName) \(folder) && chmod 750 \(folder), or choose another --socket")
        }
    }
}
