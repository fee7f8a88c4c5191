import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * Whether a user's "people you may know" ranking is stored and current. Every change to what
 * ranks him (his or his friends' friendships, blocks either way, address books naming him or
 * his own) bumps `generation` and clears `ranked` in its own transaction; a read ranks him again
 * when `ranked` is false and stores the ranking only if `generation` has not moved meanwhile.
 */
@Entity('may_know_states')
export class MayKnowStateEntity {
  @PrimaryColumn({ type: 'uuid' })
  userId!: string;

  @Column({ type: 'integer', default: 0 })
  generation!: number;

  @Column({ type: 'boolean', default: false })
  ranked!: boolean;

  /** How many people the stored ranking holds (the list's total). */
  @Column({ type: 'integer', default: 0 })
  total!: number;
}

/** One place of a stored ranking (`position` from 1), for the generation it was ranked in. */
@Entity('may_know_rankings')
export class MayKnowRankingEntity {
  @PrimaryColumn({ type: 'uuid' })
  userId!: string;

  @PrimaryColumn({ type: 'integer' })
  generation!: number;

  @PrimaryColumn({ type: 'integer' })
  position!: number;

  @Column({ type: 'uuid' })
  candidateId!: string;

  @Column({ type: 'integer' })
  commonCount!: number;

  @Column({ type: 'integer' })
  bookMatches!: number;

  @Column({ type: 'varchar', length: 100, nullable: true })
  bookName!: string | null;

  /**
   * The friends the two have in common (by id; their order, the user's, moves with every
   * message, so a page orders them when it reads them). Stored so that a page reads them for its
   * candidates instead of searching each candidate's friends among the user's.
   */
  @Column({ type: 'uuid', array: true, default: () => "'{}'" })
  commonIds!: string[];
}
