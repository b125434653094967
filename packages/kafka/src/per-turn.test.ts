import { expect, it } from 'vitest';
import { perTurn } from './per-turn.ts';

const turn = () => new Promise((resolve) => setImmediate(resolve));

it('hands on everything added in one turn as one batch, then starts a new one', async () => {
  const batches: number[][] = [];
  const batcher = perTurn<number>((items) => batches.push(items));
  batcher.add(1);
  batcher.add(2);
  expect(batches).toEqual([]);
  await turn();
  batcher.add(3);
  await turn();
  expect(batches).toEqual([[1, 2], [3]]);
});

it('flushNow hands on what is held at once, and nothing twice', async () => {
  const batches: number[][] = [];
  const batcher = perTurn<number>((items) => batches.push(items));
  batcher.flushNow();
  batcher.add(1);
  batcher.flushNow();
  await turn();
  expect(batches).toEqual([[1]]);
});
