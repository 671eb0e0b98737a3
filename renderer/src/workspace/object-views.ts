/**
 * Object tags with an editor view of their own (an image with regions, text with spans, audio with
 * segments), by tag. ConfigView asks here first and falls back to showing the object's value. Each
 * view lives in its own folder (image/, text/, audio/); they never import each other.
 */
import type { ReactNode } from 'react';
import type { ObjectNode, ObjectValue } from '../../../core/labeling/config-model.ts';
import { AudioView } from './audio/AudioView.tsx';
import { ImageView } from './image/ImageView.tsx';
import { HyperTextView } from './text/hypertext/HyperTextView.tsx';
import { ParagraphsView } from './text/paragraphs/ParagraphsView.tsx';
import { TextView } from './text/TextView.tsx';

export interface ObjectViewProps {
  object: ObjectNode;
  value: ObjectValue;
  projectId: string;
}

export const OBJECT_VIEWS: Record<string, (props: ObjectViewProps) => ReactNode> = {
  Image: ImageView,
  Text: TextView,
  HyperText: HyperTextView,
  Paragraphs: ParagraphsView,
  Audio: AudioView,
  AudioPlus: AudioView,
};
