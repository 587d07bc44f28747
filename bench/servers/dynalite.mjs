// Child process: dynalite (in memory) on a free port. Sends {url} when listening.
import dynalite from "dynalite";

const server = dynalite({ createTableMs: 0 });
server.listen(0, "127.0.0.1", () => {
  process.send({ url: `http://127.0.0.1:${server.address().port}` });
});
process.on("disconnect", () => process.exit(0));
