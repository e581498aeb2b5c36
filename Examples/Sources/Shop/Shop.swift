import Baton

@main
struct Shop {
    static func main() async {
        var tasks = TaskRegistry()
        tasks.register("ORDER_PRODUCT") { context in
            guard case .int(let user)? = context.payload["user"] else {
                throw OrderError.noUser
            }
            context.emit(row: ["order", String(user)])
            return ["ordered_by": .int(user), "id": 42]
        }
        tasks.register("SEND_RECEIPT") { context in
            ["receipt_for": context.parents["id"] ?? nil]
        }
        await Baton.main(tasks: tasks)
    }
}

enum OrderError: Error {
    case noUser
}
