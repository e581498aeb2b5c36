/// The example data `baton init` ships for the graph workflows (SPEC §12): Zachary's karate
/// club and a small players/follow database in the flavour of NebulaGraph's basketballplayer
/// sample.
enum HomeExampleData {
    /// Zachary's karate club (networkx's `karate_club_graph()`): 34 members (0–33) and the 78
    /// friendships between them, one `a,b` row per edge, no header.
    static let karate: String = {
        let edges = """
            0,1 0,2 0,3 0,4 0,5 0,6 0,7 0,8
            0,10 0,11 0,12 0,13 0,17 0,19 0,21 0,31
            1,2 1,3 1,7 1,13 1,17 1,19 1,21 1,30
            2,3 2,7 2,8 2,9 2,13 2,27 2,28 2,32
            3,7 3,12 3,13 4,6 4,10 5,6 5,10 5,16
            6,16 8,30 8,32 8,33 9,33 13,33 14,32 14,33
            15,32 15,33 18,32 18,33 19,33 20,32 20,33 22,32
            22,33 23,25 23,27 23,29 23,32 23,33 24,25 24,27
            24,31 25,31 26,29 26,33 27,33 28,31 28,33 29,32
            29,33 30,32 30,33 31,32 31,33 32,33
            """
        return edges.split(whereSeparator: { $0 == " " || $0 == "\n" }).joined(separator: "\n") + "\n"
    }()

    /// The players database, as SQL: `player(id, name, age)` and `follow(src, dst, degree)`.
    /// `baton init` builds `data/players.sqlite` from it (SQLite files are not kept in git).
    static let playersSQL = """
        CREATE TABLE player (id TEXT PRIMARY KEY, name TEXT NOT NULL, age INTEGER);
        INSERT INTO player (id, name, age) VALUES
            ('player100', 'Tim Duncan', 42),
            ('player101', 'Tony Parker', 36),
            ('player102', 'LaMarcus Aldridge', 33),
            ('player103', 'Rudy Gay', 32),
            ('player104', 'Marco Belinelli', 32),
            ('player105', 'Danny Green', 31),
            ('player106', 'Kyle Anderson', 25),
            ('player107', 'Aron Baynes', 32),
            ('player108', 'Boris Diaw', 36),
            ('player109', 'Tiago Splitter', 34),
            ('player110', 'Cory Joseph', 27),
            ('player111', 'David West', 38),
            ('player112', 'Jonathon Simmons', 29),
            ('player113', 'Dejounte Murray', 29),
            ('player114', 'Tracy McGrady', 39),
            ('player115', 'Kobe Bryant', 40),
            ('player116', 'LeBron James', 34),
            ('player117', 'Stephen Curry', 31),
            ('player118', 'Russell Westbrook', 30),
            ('player119', 'Kevin Durant', 30),
            ('player120', 'James Harden', 29),
            ('player121', 'Chris Paul', 33),
            ('player125', 'Manu Ginobili', 41);
        CREATE TABLE follow (src TEXT NOT NULL REFERENCES player(id), dst TEXT NOT NULL REFERENCES player(id), degree INTEGER NOT NULL);
        INSERT INTO follow (src, dst, degree) VALUES
            ('player100', 'player101', 95),
            ('player100', 'player125', 95),
            ('player101', 'player100', 95),
            ('player101', 'player102', 90),
            ('player101', 'player125', 95),
            ('player102', 'player100', 75),
            ('player102', 'player101', 75),
            ('player103', 'player102', 70),
            ('player104', 'player100', 55),
            ('player104', 'player101', 50),
            ('player104', 'player105', 60),
            ('player105', 'player104', 83),
            ('player105', 'player100', 70),
            ('player105', 'player116', 80),
            ('player106', 'player100', 70),
            ('player107', 'player100', 80),
            ('player108', 'player101', 80),
            ('player108', 'player100', 80),
            ('player109', 'player100', 80),
            ('player109', 'player125', 90),
            ('player110', 'player100', 75),
            ('player111', 'player100', 90),
            ('player112', 'player100', 80),
            ('player113', 'player100', 99),
            ('player113', 'player101', 99),
            ('player113', 'player125', 99),
            ('player113', 'player105', 99),
            ('player114', 'player115', 90),
            ('player114', 'player117', 90),
            ('player115', 'player114', 90),
            ('player116', 'player121', 90),
            ('player116', 'player119', 90),
            ('player117', 'player119', 90),
            ('player118', 'player120', 90),
            ('player118', 'player119', 90),
            ('player119', 'player117', 80),
            ('player120', 'player121', 90),
            ('player121', 'player116', 90),
            ('player121', 'player118', 90),
            ('player125', 'player100', 90);

        """
}
