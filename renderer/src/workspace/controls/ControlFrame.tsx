import type { ReactNode } from 'react';
import type { ControlNode } from '../../../../core/labeling/config-model.ts';

/**
 * A control's group: a fieldset whose legend is the config's label for it (the Header before it, or
 * its name), with the required mark. Groups of inputs (choices, stars) are announced by the legend.
 */
export function ControlFrame({
  control,
  label,
  children,
  extra,
  labelHidden = false,
}: {
  control: ControlNode;
  label: string;
  children: ReactNode;
  extra?: ReactNode;
  /** The Header above already shows the label: the legend is for screen readers only. */
  labelHidden?: boolean;
}) {
  return (
    <fieldset className={`ws-control ws-control-${control.tag.toLowerCase()}`} data-control={control.name}>
      <legend className={labelHidden ? 'ws-sr' : undefined}>
        {label}
        {control.required && (
          <span className="ws-required" title="Required">
            {' '}
            *<span className="ws-sr"> (required)</span>
          </span>
        )}
        {extra}
      </legend>
      {children}
    </fieldset>
  );
}

export interface ControlProps {
  control: ControlNode;
  /** The preceding Header's text, else the control's name. */
  label: string;
  /** perRegion: the selected region's id. */
  regionId?: string;
  /** The label comes from a visible Header. */
  labelHidden?: boolean;
}
