import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ENGINES } from "../../test/support/engines.js";
import type { Db } from "./db.js";

describe.each(ENGINES)("Db port on $name", (engine) => {
  let db: Db;
  beforeEach(async () => {
    db = await engine.open();
    await db.exec("CREATE TABLE t (id int PRIMARY KEY, amount bigint, note text)");
  });
  afterEach(async () => {
    await db.close();
  });

  it("reads values the same way on every engine", async () => {
    const [row] = await db.query(
      `SELECT 9007199254740991::int8 AS big, '2026-12-01'::date AS day,
              '2026-03-31 22:30:00+00'::timestamptz AS at, 1.50::numeric AS dec,
              '{"b":1,"a":[1,2]}'::jsonb AS doc, ARRAY['email','whatsapp']::text[] AS list`,
    );
    expect(row).toEqual({
      big: 9007199254740991,
      day: "2026-12-01",
      at: "2026-03-31T22:30:00.000Z",
      dec: "1.50",
      doc: { a: [1, 2], b: 1 },
      list: ["email", "whatsapp"],
    });
  });

  it("refuses a bigint beyond the safe integer range instead of rounding it", async () => {
    await expect(db.query("SELECT 9007199254740993::int8 AS big")).rejects.toThrow(/safe integer/);
  });

  it("commits a transaction that resolves", async () => {
    await db.transaction(async (tx) => {
      await tx.query("INSERT INTO t VALUES ($1, $2, $3)", [1, 100, "a"]);
      await tx.query("INSERT INTO t VALUES ($1, $2, $3)", [2, 200, "b"]);
    });
    expect(await db.query("SELECT id, amount FROM t ORDER BY id")).toEqual([
      { id: 1, amount: 100 },
      { id: 2, amount: 200 },
    ]);
  });

  it("rolls back everything a failing transaction wrote", async () => {
    await expect(
      db.transaction(async (tx) => {
        await tx.query("INSERT INTO t VALUES ($1, $2, $3)", [1, 100, "a"]);
        await tx.query("INSERT INTO t VALUES ($1, $2, $3)", [1, 100, "duplicate"]);
      }),
    ).rejects.toThrow();
    expect(await db.query("SELECT * FROM t")).toEqual([]);
  });

  it("runs several statements with exec", async () => {
    await db.exec("INSERT INTO t VALUES (1, 1, 'x'); INSERT INTO t VALUES (2, 2, 'y');");
    expect(await db.query("SELECT count(*)::int AS n FROM t")).toEqual([{ n: 2 }]);
  });
});
