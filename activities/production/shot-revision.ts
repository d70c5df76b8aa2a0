// A reviewer's regeneration request applied to the plan: the note joins the shot's prompts (so
// the provider hears it), and explicit edits replace prompt, camera or narration. Pure.
import type { ShotPlan } from '../../prompts/shot-plan.js';
import type { ShotEdits } from '../../workflows/production-state.js';

export function reviseShotPlan(plan: ShotPlan, shotIndex: number, note: string, edits: ShotEdits = {}): ShotPlan {
  const trimmedNote = note.trim();
  return {
    ...plan,
    shots: plan.shots.map((shot) => {
      if (shot.index !== shotIndex) return shot;
      const basePrompt = edits.prompt?.trim() || stripNote(shot.prompt);
      return {
        ...shot,
        prompt: trimmedNote ? `${basePrompt} Reviewer direction: ${trimmedNote}` : basePrompt,
        promptZh: trimmedNote ? `${stripNoteZh(shot.promptZh)}（审片意见：${trimmedNote}）` : shot.promptZh,
        camera: { ...shot.camera, ...(edits.camera as Partial<typeof shot.camera> | undefined) },
        narration: { ...shot.narration, ...edits.narration },
      };
    }),
  };
}

// A second regeneration replaces the first note instead of piling notes up.
function stripNote(prompt: string): string {
  return prompt.replace(/ Reviewer direction: [\s\S]*$/, '');
}

function stripNoteZh(prompt: string): string {
  return prompt.replace(/（审片意见：[\s\S]*）$/, '');
}
