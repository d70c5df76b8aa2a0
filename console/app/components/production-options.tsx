// The options a curator picks when queueing: provider, aspect, look, priority, budget.
import { useT } from '../i18n.js';

const PROVIDERS = ['local', 'kling', 'wan', 'openai-videos'] as const;
const LOOKS = [
  ['ink-wash', '水墨 ink-wash'],
  ['gongbi', '工笔 gongbi'],
  ['blue-green', '青绿 blue-green'],
] as const;

/** `form` names the form the fields belong to when they sit outside it. */
export function ProductionOptionsFields({ errors, form }: { errors?: Partial<Record<string, string>>; form?: string }) {
  const t = useT();
  return (
    <fieldset>
      <legend>{t('curate.options')}</legend>
      <div className="grid">
        <div>
          <label htmlFor="provider">{t('curate.provider')}</label>
          <select form={form} id="provider" name="provider" defaultValue="local">
            {PROVIDERS.map((provider) => (
              <option key={provider} value={provider}>
                {provider}
              </option>
            ))}
          </select>
          {errors?.provider ? <p className="field-error">{errors.provider}</p> : null}
        </div>
        <div className="form-row">
          <div>
            <label htmlFor="aspect">{t('curate.aspect')}</label>
            <select form={form} id="aspect" name="aspect" defaultValue="9:16">
              <option value="9:16">9:16</option>
              <option value="16:9">16:9</option>
            </select>
          </div>
          <div>
            <label htmlFor="look">{t('curate.look')}</label>
            <select form={form} id="look" name="look" defaultValue="ink-wash">
              {LOOKS.map(([value, label]) => (
                <option key={value} value={value}>
                  {label}
                </option>
              ))}
            </select>
          </div>
        </div>
        <div className="form-row">
          <div>
            <label htmlFor="priority">
              {t('curate.priority')} <span className="small">({t('curate.priorityHint')})</span>
            </label>
            <input form={form} id="priority" name="priority" type="number" min={1} max={5} defaultValue={3} />
            {errors?.priority ? <p className="field-error">{errors.priority}</p> : null}
          </div>
          <div>
            <label htmlFor="budgetUsd">USD</label>
            <input form={form} id="budgetUsd" name="budgetUsd" type="number" min={0} step="0.01" placeholder="—" />
            {errors?.budgetUsd ? <p className="field-error">{errors.budgetUsd}</p> : null}
          </div>
        </div>
        {errors?.aspect || errors?.look ? <p className="field-error">{errors.aspect ?? errors.look}</p> : null}
      </div>
    </fieldset>
  );
}
