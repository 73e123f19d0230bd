import { describe, expect, it } from 'vitest';
import { COCO_TO_REKOGNITION, REKOGNITION_TAXONOMY, rekognitionName, toRekognitionLabels, type DetectedObjectLike } from './rekognition-labels.js';

const box = { left: 0.1, top: 0.2, width: 0.3, height: 0.4 };
const obj = (label: string, score: number): DetectedObjectLike => ({ label, score, box });
const ALL = { minConfidence: 0, maxLabels: undefined } as const;

describe('Rekognition label taxonomy', () => {
  it('names all 80 COCO classes, each with an entry', () => {
    expect(Object.keys(COCO_TO_REKOGNITION)).toHaveLength(80);
    for (const [coco, name] of Object.entries(COCO_TO_REKOGNITION)) expect(REKOGNITION_TAXONOMY[name], `${coco} → ${name}`).toBeDefined();
  });

  it('is closed under ancestry: every parent has an entry and its own parents are listed too', () => {
    for (const [name, info] of Object.entries(REKOGNITION_TAXONOMY)) {
      expect(info.parents, name).not.toContain(name);
      for (const parent of info.parents) {
        const p = REKOGNITION_TAXONOMY[parent];
        expect(p, `${name}'s parent ${parent}`).toBeDefined();
        for (const grand of p!.parents) expect(info.parents, `${name} lacks ${parent}'s parent ${grand}`).toContain(grand);
      }
    }
  });

  it('names labels like Rekognition', () => {
    expect(rekognitionName('person')).toBe('Person');
    expect(rekognitionName('cell phone')).toBe('Mobile Phone');
    expect(rekognitionName('hair drier')).toBe('Hair Dryer');
    expect(rekognitionName('wheel chair')).toBe('Wheel Chair'); // a class outside the table: title case
  });
});

describe('DetectLabels answer from detected objects', () => {
  it('gives a Person no parents, a Car its parents both as Parents and as labels without instances', () => {
    const labels = toRekognitionLabels([obj('person', 0.91), obj('car', 0.8)], ALL);
    expect(labels.map((x) => [x.Name, Math.round(x.Confidence)])).toEqual([['Person', 91], ['Car', 80], ['Vehicle', 80], ['Transportation', 80]]);
    expect(labels[0]).toEqual({
      Name: 'Person', Confidence: 91, Parents: [], Aliases: [], Categories: [{ Name: 'Person Description' }],
      Instances: [{ BoundingBox: { Width: 0.3, Height: 0.4, Left: 0.1, Top: 0.2 }, Confidence: 91 }],
    });
    expect(labels[1]!.Parents).toEqual([{ Name: 'Vehicle' }, { Name: 'Transportation' }]);
    expect(labels[2]).toMatchObject({ Name: 'Vehicle', Instances: [], Parents: [{ Name: 'Transportation' }] });
    expect(labels[3]).toMatchObject({ Name: 'Transportation', Instances: [], Parents: [] });
  });

  it('gives a Dog Animal, Canine, Mammal and Pet', () => {
    const labels = toRekognitionLabels([obj('dog', 0.7)], ALL);
    expect(labels[0]!.Parents.map((p) => p.Name)).toEqual(['Animal', 'Canine', 'Mammal', 'Pet']);
    expect(labels.map((x) => x.Name).sort()).toEqual(['Animal', 'Canine', 'Dog', 'Mammal', 'Pet']);
  });

  it('groups instances of a class, best first, and gives ancestors their best descendant', () => {
    const labels = toRekognitionLabels([obj('car', 0.6), obj('truck', 0.9), obj('car', 0.75)], ALL);
    const car = labels.find((x) => x.Name === 'Car')!;
    expect(car.Instances.map((i) => i.Confidence)).toEqual([75, 60]);
    expect(car.Confidence).toBe(75);
    expect(labels.find((x) => x.Name === 'Vehicle')!.Confidence).toBe(90);
    expect(labels[0]!.Name).toBe('Truck');
  });

  it('leaves out objects under MinConfidence and cuts at MaxLabels after sorting', () => {
    const objects = [obj('person', 0.9), obj('dog', 0.5), obj('car', 0.7)];
    expect(toRekognitionLabels(objects, { minConfidence: 55, maxLabels: undefined }).map((x) => x.Name)).toEqual(['Person', 'Car', 'Vehicle', 'Transportation']);
    expect(toRekognitionLabels(objects, { minConfidence: 55, maxLabels: 2 }).map((x) => x.Name)).toEqual(['Person', 'Car']);
    expect(toRekognitionLabels(objects, { minConfidence: 95, maxLabels: 10 })).toEqual([]);
    expect(toRekognitionLabels(objects, { minConfidence: 0, maxLabels: 0 })).toEqual([]);
  });

  it('filters by label and by category, case-insensitively', () => {
    const objects = [obj('person', 0.9), obj('car', 0.7), obj('dog', 0.8)];
    expect(toRekognitionLabels(objects, { ...ALL, includeLabels: ['person', 'CAR'] }).map((x) => x.Name)).toEqual(['Person', 'Car']);
    expect(toRekognitionLabels(objects, { ...ALL, excludeLabels: ['Transportation', 'Vehicle'] }).map((x) => x.Name)).not.toContain('Vehicle');
    expect(toRekognitionLabels(objects, { ...ALL, includeCategories: ['Animals and Pets'] }).map((x) => x.Name).sort()).toEqual(['Animal', 'Canine', 'Dog', 'Mammal', 'Pet']);
    expect(toRekognitionLabels(objects, { ...ALL, excludeCategories: ['vehicles and automotive', 'animals and pets'] }).map((x) => x.Name)).toEqual(['Person']);
  });
});
