import type { Macro } from '../domain/macro.ts';

/** Where the society's macros are read (cached configuration in a warm Lambda). */
export interface MacroSource {
  listMacros(): Promise<Macro[]>;
}

export interface MacroStore extends MacroSource {
  putMacro(macro: Macro): Promise<void>;
  deleteMacro(macroId: string): Promise<void>;
}
