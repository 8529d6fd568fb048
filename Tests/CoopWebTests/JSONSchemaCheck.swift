import Foundation

/// A small JSON Schema checker for the subset the OpenAPI document uses ($ref, type, required, properties,
/// additionalProperties: false, items, enum, minimum), so the tests can hold responses to the published contract.
struct JSONSchemaCheck {
    let components: [String: Any]

    /// Problems found in `value` against `schema` (empty when it conforms).
    func problems(_ value: Any, _ schema: [String: Any], at path: String = "$") -> [String] {
        if let reference = schema["$ref"] as? String {
            let name = String(reference.split(separator: "/").last ?? "")
            guard let target = (components["schemas"] as? [String: Any])?[name] as? [String: Any] else { return ["\(path): unknown \(reference)"] }
            return problems(value, target, at: path)
        }
        var found: [String] = []
        if let options = schema["enum"] as? [Any], !options.contains(where: { "\($0)" == "\(value)" }) {
            found.append("\(path): \(value) not in enum")
        }
        switch schema["type"] as? String {
        case "object":
            guard let object = value as? [String: Any] else { return ["\(path): not an object"] }
            for key in schema["required"] as? [String] ?? [] where object[key] == nil { found.append("\(path).\(key): missing") }
            let properties = schema["properties"] as? [String: Any] ?? [:]
            for (key, item) in object {
                if let property = properties[key] as? [String: Any] {
                    found += problems(item, property, at: "\(path).\(key)")
                } else if schema["additionalProperties"] as? Bool == false {
                    found.append("\(path).\(key): not allowed")
                }
            }
        case "array":
            guard let array = value as? [Any] else { return ["\(path): not an array"] }
            if let items = schema["items"] as? [String: Any] {
                for (index, item) in array.enumerated() { found += problems(item, items, at: "\(path)[\(index)]") }
            }
        case "string":
            if !(value is String) { found.append("\(path): not a string") }
        case "integer":
            guard !Self.isBoolean(value), let number = value as? NSNumber, number.doubleValue == number.doubleValue.rounded() else {
                return found + ["\(path): not an integer"]
            }
            if let minimum = schema["minimum"] as? Double, number.doubleValue < minimum { found.append("\(path): below minimum") }
        case "boolean":
            if !Self.isBoolean(value) { found.append("\(path): not a boolean") }
        default:
            break
        }
        return found
    }

    /// JSON true/false: Foundation on Linux reads them as a boolean NSNumber subclass, and bridges 0 and 1 to Bool too.
    static func isBoolean(_ value: Any) -> Bool {
        String(describing: type(of: value)).contains("Boolean") || type(of: value) == Bool.self
    }
}
