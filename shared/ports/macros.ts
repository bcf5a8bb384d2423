import type { Macro } from '../domain/macro.ts';

/** Where the society's macros are read (cached configuration in a warm Lambda). */
export interface MacroSource {
  listMacros(): Promise<Macro[]>;
}

export interface MacroStore extends MacroSource {
  /** Writes `macro`; false, writing nothing, when the stored one is not at `previousVersion` (0: none stored). */
  putMacro(macro: Macro, previousVersion?: number): Promise<boolean>;
  deleteMacro(macroId: string): Promise<void>;
}
