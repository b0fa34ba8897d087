/// The version printed by `gradscope --version` and checked by lecture followers.
public enum GradscopeVersion {
    public static let string = "0.1.0"
}
