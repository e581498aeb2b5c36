import Baton

await Baton.main()
